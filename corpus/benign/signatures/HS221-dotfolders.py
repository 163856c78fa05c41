# Near-miss for HS221: ordinary dot-folders and a "pay" route name.
import os

home = os.path.expanduser("~")
NPM = os.path.join(home, ".npm", "_cacache")
NV = os.path.join(home, ".nv", "ComputeCache")
ROUTES = ["pay", "refund"]
