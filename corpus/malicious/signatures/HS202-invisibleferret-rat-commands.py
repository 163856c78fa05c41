# Defanged: the command table of an InvisibleFerret-style RAT. Every handler
# only prints its name.


class Shell:
    def __init__(self):
        self.handlers = {
            1: self.ssh_obj,  # expect: HS202 high
            2: self.ssh_cmd,
            3: self.ssh_clip,
            4: self.ssh_run,
            5: self.ssh_upload,
            6: self.ssh_kill,
            7: self.ssh_any,
            8: self.ssh_env,
        }

    def ssh_obj(self, args):
        print("obj", args)

    def ssh_cmd(self, args):
        print("cmd", args)

    def ssh_clip(self, args):
        print("clip", args)

    def ssh_run(self, args):
        print("run", args)

    def ssh_upload(self, args):
        print("upload", args)

    def ssh_kill(self, args):
        print("kill", args)

    def ssh_any(self, args):
        print("any", args)

    def ssh_env(self, args):
        print("env", args)

    def dispatch(self, code, args):
        self.handlers[code](args)
