// InvisibleFerret (Python RAT/stealer) and its BeaverTail downloader:
// Contagious Interview / DeceptiveDevelopment (THREATS.md 1.2, 2.4).

rule InvisibleFerret_Lambda_Layering
{
    meta:
        id = "HS201"
        severity = "critical"
        family = "InvisibleFerret"
        description = "The reverse -> base64 -> zlib lambda layering template: `_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1])); exec((_)(b'...'))`, which InvisibleFerret nests about 50 times (the same template is also emitted by public hobby obfuscators, often around stealers)."
        reference = "ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16); MITRE ATT&CK S1245 InvisibleFerret, https://attack.mitre.org/software/S1245/"
    strings:
        // the decoding lambda: optional marshal.loads, any of zlib/lzma/bz2/gzip,
        // any base64 alphabet, always on the reversed argument
        $lambda = /lambda\s*__\s*:\s*(__import__\(\s*['"]marshal['"]\s*\)\.loads\(\s*)?__import__\(\s*['"](zlib|lzma|bz2|gzip)['"]\s*\)\.decompress\(\s*__import__\(\s*['"]base64['"]\s*\)\.b(64|32|16|85)decode\(\s*__\s*\[\s*::\s*-1\s*\]\s*\)\s*\)/
        $exec = /exec\(\s*\(\s*_\s*\)\s*\(\s*b['"]/
    condition:
        $lambda and $exec
}

rule InvisibleFerret_Rat_Commands
{
    meta:
        id = "HS202"
        severity = "high"
        family = "InvisibleFerret"
        description = "Five or more of InvisibleFerret's RAT command names together (`ssh_obj`, `ssh_cmd`, `ssh_clip`, `ssh_run`, `ssh_upload`, `ssh_kill`, `ssh_any`, `ssh_env`)."
        reference = "ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16) RAT command table; MITRE ATT&CK S1245 InvisibleFerret, https://attack.mitre.org/software/S1245/"
    strings:
        $c1 = "ssh_obj" fullword
        $c2 = "ssh_cmd" fullword
        $c3 = "ssh_clip" fullword
        $c4 = "ssh_run" fullword
        $c5 = "ssh_upload" fullword
        $c6 = "ssh_kill" fullword
        $c7 = "ssh_any" fullword
        $c8 = "ssh_env" fullword
    condition:
        5 of them
}

rule BeaverTail_Loader_Strings
{
    meta:
        id = "HS203"
        severity = "high"
        family = "BeaverTail"
        description = "BeaverTail downloader strings: its status messages (`Download Python Success!`, `Download Client Success!`, `Upload LDB Finshed!!!`, with the original typo) or the private Python runtime it installs at `~/.pyp/python.exe`."
        reference = "MITRE ATT&CK S1246 BeaverTail, https://attack.mitre.org/software/S1246/; ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16)"
    strings:
        $m1 = "Download Python Success!"
        $m2 = "Download Client Success!"
        $m3 = "Upload LDB Finshed!!!"
        $p1 = /[\/\\]\.pyp[\/\\]+python\.exe/
    condition:
        any of them
}

rule InvisibleFerret_C2_Url
{
    meta:
        id = "HS204"
        severity = "high"
        family = "InvisibleFerret"
        description = "A Contagious Interview C2 URL: a raw IPv4 address on one of the campaign's ports (1224, 1244, 2245, 8637) with one of its paths (`/pdown`, `/client/`, `/payload/`, `/brow/`, `/mclip/`, `/uploads`, `/keys`); or two of those paths as string literals (one of them `/pdown`, `/brow/` or `/mclip/`) with one of the ports."
        reference = "MITRE ATT&CK S1245 InvisibleFerret, https://attack.mitre.org/software/S1245/; ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16)"
    strings:
        $url = /https?:\/\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:(1224|1244|2245|8637)\/(pdown|client\/|payload\/|brow\/|mclip\/|uploads|keys)/
        // a port next to the host, or assigned to a port variable
        $num = /(:|\bport\s*=\s*['"]?)(1224|1244|2245|8637)\b/i
        // paths after a quote or an f-string field: '/brow/' or f'{base}/brow/'
        $p1 = /['"}]\/pdown\b/
        $p2 = /['"}]\/brow\//
        $p3 = /['"}]\/mclip\//
        $p4 = /['"}]\/client\//
        $p5 = /['"}]\/payload\//
    condition:
        $url or ($num and any of ($p1, $p2, $p3) and 2 of ($p*))
}
