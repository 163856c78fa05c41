// Staging paths, protocol markers and loader artefacts of DPRK Python
// droppers (THREATS.md 1.1, 1.3, 2.2-2.6 and heuristic H27). One rule per
// family so that a finding names the right one.

rule CodeOfConduct_Dropper
{
    meta:
        id = "HS217"
        severity = "high"
        family = "Code of Conduct"
        description = "The 'Code of Conduct' / CovertCatch coding-test backdoor: the `Amazon.com<uid>csrr<os>` beacon with the `Google.com` reply prefix, the `rebase.tmp` stage (or its ROT13 form `eronfr.gzc`), or ROT13-hidden URLs/OS names (`uggcf://`, `Jvaqbjf`) decoded with `rot13`."
        reference = "Elastic Security Labs, 'Code of Conduct: DPRK's Python-fueled intrusions into secured networks' (2024-09-18)"
    strings:
        $amazon = /['"]Amazon\.com['"]/
        $csrr = /['"]csrr['"]/
        $google = /['"]Google\.com['"]/
        $rebase = /['"\/\\]rebase\.tmp['"]/
        $rebase13 = "eronfr.gzc"
        $h1 = "uggcf://"
        $h2 = "uggc://"
        $h3 = "Jvaqbjf" fullword
        $rot = /['"]rot_?13['"]/ nocase
    condition:
        ($amazon and $csrr and $google) or $rebase or $rebase13 or (any of ($h*) and $rot)
}

rule SlowPisces_Loader
{
    meta:
        id = "HS218"
        severity = "high"
        family = "Slow Pisces"
        description = "The Slow Pisces / TraderTraitor (RN) loader: its `/club/fb/status` and `/club/fb/result` endpoints, the stage written to `~/Public/__init__.py`, or the `X_DATABASE_NAME` variable set before a library load."
        reference = "Elastic Security Labs, 'Bit ByBit - emulation of the DPRK's largest cryptocurrency heist' (2025-05-06), citing Unit 42 'Slow Pisces Targets Developers With Coding Challenges'"
    strings:
        $club1 = "/club/fb/status"
        $club2 = "/club/fb/result"
        $pub1 = /~[\/\\]Public[\/\\]+__init__\.py/
        $pub2 = /['"]Public['"]\s*,\s*['"]__init__\.py['"]/
        $home_public = /~[\/\\]Public['"\/\\]/
        $init_py = /['"]__init__\.py['"]/
        $xdb = "X_DATABASE_NAME" fullword
        $load1 = "LoadLibrary"
        $load2 = "cdll"
        $load3 = "CDLL"
    condition:
        any of ($club*) or any of ($pub*) or ($home_public and $init_py) or ($xdb and any of ($load*))
}

rule Comebacker_PyPI_Loader
{
    meta:
        id = "HS219"
        severity = "high"
        family = "Comebacker"
        description = "The Lazarus pycryptoenv/quasarlib/swapmempool loader chain to Comebacker: a DLL disguised as a `.py` file started with `rundll32 'config.py', AddNumbers`, the `OneDrive.pri` + `credential.sys` pair with the `UpdateData` export, or the loader's XOR key material."
        reference = "360 Threat Intelligence Center, '揭秘APT-C-26（Lazarus）组织利用PyPI…' (2024-07-06); JPCERT/CC Lazarus PyPI (Feb 2024)"
    strings:
        $rundll = /rundll32(\.exe)?\s+\\?["']?[^\s"'\\]{0,200}\.py\\?["']?\s*,\s*[A-Za-z_]\w*/ nocase
        $pri = "OneDrive.pri" nocase
        $cred = "credential.sys" nocase
        $export = /OneDrive\.pri\\?["']?\s*,\s*UpdateData/ nocase
        $key1 = "jweoED]YC^Yn124Na&+a1p1=HPZ]<7p5"
        $key2 = "GgoC!ur|fJFt8rwM{{$;4k#p*b>:Q"
    condition:
        $rundll or ($pri and $cred) or $export or $key1 or $key2
}

rule Lazarus_PyPI_Linux_Wave
{
    meta:
        id = "HS220"
        severity = "high"
        family = "360 Linux wave"
        description = "The Lazarus PyPI Linux/macOS wave (coloredtxt, real-ids, beautifultext, minisound): the `oshelper_session=` cookie, the `cloud.php?type=` / `boards.php?type=` download with the `oshelper` payload name, or the RAT's C2 parameter names."
        reference = "360 Threat Intelligence Center, '揭秘APT-C-26（Lazarus）组织利用PyPI…' (2024-07-06)"
    strings:
        $cookie = "oshelper_session="
        $php1 = "cloud.php?type="
        $php2 = "boards.php?type="
        $helper1 = "oshelper" fullword
        $helper2 = "os_helper" fullword
        $param1 = "lkjyhnmiop="
        $param2 = "odldjshrn=odlsjdfhw"
    condition:
        $cookie or any of ($param*) or (any of ($php*) and any of ($helper*))
}

rule InvisibleFerret_Staging_Paths
{
    meta:
        id = "HS221"
        severity = "high"
        family = "InvisibleFerret"
        description = "Contagious Interview staging paths: the InvisibleFerret modules under `~/.n2/` (`pay`, `bow`, `mlip`) or the `~/.npl` main script BeaverTail saves."
        reference = "ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16); MITRE ATT&CK S1245 InvisibleFerret, https://attack.mitre.org/software/S1245/"
    strings:
        $n2path = /[\/\\]\.n2[\/\\]+(pay|bow|mlip)\b/
        $n2 = /['"]\.n2['"]/
        $mod1 = /['"]pay['"]/
        $mod2 = /['"]bow['"]/
        $mod3 = /['"]mlip['"]/
        $npl = /[\/\\~]\.npl['"]/
        $npljoin = /home\w*\s*,\s*['"]\.npl['"]/
    condition:
        $n2path or ($n2 and 2 of ($mod*)) or $npl or $npljoin
}
