// Fingerprints of Python obfuscators and packers seen around PyPI malware
// (THREATS.md 1.4 "Obfuscators/packers", H30). Obfuscation is not malice by
// itself, but these free packers are almost only used to hide stealers in
// published packages; PyArmor has real commercial use and stays medium.

rule Packer_Pyobfuscate
{
    meta:
        id = "HS208"
        severity = "high"
        description = "Code packed by pyobfuscate.com / pyobfuscator.com: its banner, the `(https://pyobfuscate.com)*(...)` key tuples, the `pyobfuscate=` loader variable or its `Pyobfuscate_com` / `__pyobfuscate__` class."
        reference = "chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent; DataDog/guarddog rules, https://github.com/DataDog/guarddog"
    strings:
        $banner = /Python obfuscation by (www\.)?pyobfuscat(e|or)\.com/ nocase
        $tuple = "(https://pyobfuscate.com)*("
        $var1 = /;\s*pyobfuscate\s*=\s*(""|''|\(lambda)/
        $cls = "class Pyobfuscate_com("
        $meth = /def __pyobfuscate__\(\s*self\s*,\s*_execute\s*:\s*str\s*\)\s*->\s*exec/
    condition:
        any of them
}

rule Packer_BlankOBF
{
    meta:
        id = "HS209"
        severity = "high"
        description = "Code packed by BlankOBF: its `# Obfuscated with BlankOBF` banner or the loader `_=eval(...)` that spells `eval` in hex or octal escapes."
        reference = "BlankOBF, https://github.com/Blank-c/BlankOBF; chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent"
    strings:
        $banner = "Obfuscated with BlankOBF"
        $repo = "github.com/Blank-c/BlankOBF"
        // `eval` written as four \xNN or \NNN escapes
        $loader = /[A-Za-z_][A-Za-z0-9_]*\s*=\s*eval\(\s*"(\\(x65|145))(\\(x76|166))(\\(x61|141))(\\(x6[cC]|154))"\s*\)/
    condition:
        any of them
}

rule Packer_Kramer
{
    meta:
        id = "HS210"
        severity = "high"
        description = "Code packed by the Kramer obfuscator: `class Kramer():` with its `__decode__(self, _execute) -> exec` method or the `Kramer(_kramer=..., _sparkle='''...''')` call carrying the payload."
        reference = "chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent; THREATS.md 1.4"
    strings:
        $cls = /class Kramer\s*\(\s*\)\s*:/
        $call = /Kramer\(\s*_kramer\s*=/
        $sparkle = /_sparkle\s*=\s*('''|""")/
        $decode = /def __decode__\(\s*self\s*:\s*object\s*,\s*_execute\s*:\s*str\s*\)\s*->\s*exec/
    condition:
        2 of them
}

rule Packer_Vare
{
    meta:
        id = "HS211"
        severity = "high"
        description = "Code packed by the Vare obfuscator (`__VareObfuscator__`)."
        reference = "chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent; THREATS.md 1.4"
    strings:
        $marker = "__VareObfuscator__"
    condition:
        $marker
}

rule Packer_Hyperion
{
    meta:
        id = "HS212"
        severity = "high"
        description = "Code packed by the Hyperion obfuscator: `__obfuscator__ = 'Hyperion'` or its repository URL in the output header."
        reference = "Hyperion, https://github.com/billythegoat356/Hyperion; THREATS.md 1.4 (W4SP final payloads)"
    strings:
        $marker = /__obfuscator__\s*=\s*['"]Hyperion['"]/
        $repo = "github.com/billythegoat356/Hyperion"
    condition:
        any of them
}

rule Packer_Online_Obfuscator_Banner
{
    meta:
        id = "HS213"
        severity = "high"
        description = "The banner of a free online Python obfuscator (freecodingtools.org, development-tools.net) left at the top of packed code; these services emit the lambda/exec layering used in PyPI stealers."
        reference = "chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent; THREATS.md 1.2 ('Python obfuscation by pyobfuscator.com' banners)"
    strings:
        $b1 = /Python obfuscation by (www\.)?freecodingtools\.org/ nocase
        $b2 = /Python code obfuscated by (www\.)?development-tools\.net/ nocase
    condition:
        any of them
}

rule Packer_PyArmor
{
    meta:
        id = "HS214"
        severity = "medium"
        install_severity = "high"
        description = "Code protected by PyArmor (`__pyarmor__`, `pyarmor_runtime`, `__armor_enter__`, `from pytransform import`): the source cannot be reviewed. PyArmor has legitimate commercial users, so in a module this is reported for review (medium); in code that runs at install or start-up (`setup.py`, a build hook, a `.pth`) it is high: no installer needs to hide what it does."
        reference = "chainguard-dev/malcontent rules, https://github.com/chainguard-dev/malcontent; DataDog/guarddog rules, https://github.com/DataDog/guarddog"
    strings:
        $a1 = "__pyarmor__" fullword
        $a2 = "pyarmor_runtime" fullword
        $a3 = "__armor_enter__" fullword
        $a4 = "__armor_exit__" fullword
        $a5 = /from\s+pytransform\s+import/
        $a6 = /\bpyarmor_runtime_\d{6}\b/
    condition:
        any of them
}
