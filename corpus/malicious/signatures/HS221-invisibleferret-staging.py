# Defanged: where InvisibleFerret keeps its modules; nothing is written.
import os

home = os.path.expanduser("~")
PAY = os.path.join(home, ".n2", "pay")  # expect: HS221 high
BOW = os.path.join(home, ".n2", "bow")
MLIP = os.path.join(home, ".n2", "mlip")
