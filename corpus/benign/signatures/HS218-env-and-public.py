# Near-miss for HS218: a database-name variable read from the environment and
# a Public folder, with no library load and no staged __init__.py.
import os

DB_NAME = os.environ.get("X_DATABASE_NAME", "app")
SHARE = os.path.expanduser("~/Public/README.txt")
