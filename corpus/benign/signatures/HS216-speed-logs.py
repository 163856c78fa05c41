# Near-miss for HS216: a benchmark writing logs under _log and a shared
# folder on macOS, without the dropper's file names.
import os

LOG_DIR = os.path.join(os.getcwd(), "_log")
REPORT = os.path.join(LOG_DIR, "test_speed.txt")
SHARED = "/Users/Shared/reports"
