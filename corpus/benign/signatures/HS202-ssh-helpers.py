# Near-miss for HS202: an SSH helper with a few ssh_* names, as deployment
# tools have.


def ssh_cmd(host, command):
    return ["ssh", host, command]


def ssh_run(host, command):
    return " ".join(ssh_cmd(host, command))


def ssh_upload(host, path):
    return ["scp", path, f"{host}:{path}"]
