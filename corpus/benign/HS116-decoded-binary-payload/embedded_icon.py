# An icon shipped inside the module as base64, decoded for a GUI: data, not
# an executable or code object.
import base64

ICON = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


def icon_bytes():
    return base64.b64decode(ICON)
