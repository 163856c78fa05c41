// Family shapes that are not tied to one indicator: the code a campaign
// stamped out across hundreds of packages (THREATS.md 1.4).

rule Fernet_Setup_Campaign
{
    meta:
        id = "HS242"
        severity = "high"
        family = "Fernet campaign"
        description = "The March 2024 mass PyPI campaign's setup.py: it installs `fernet` with pip while installing, then runs code it decrypts with `Fernet(...).decrypt(...)` under a key written in the file."
        reference = "THREATS.md 1.4 (March 2024 campaign, Checkmarx / Check Point); malcontent pip_installer_fernet"
    strings:
        $pip_list = /["']install["']\s*,\s*(["']-{1,2}[a-z-]+["']\s*,\s*)*["']fernet["']/
        $pip_line = /pip3?\s+install\s+(-{1,2}[a-z-]+\s+)*fernet\b/
        $import = /from\s+fernet\s+import\s+Fernet/
        $run = /exec\s*\(\s*Fernet\s*\(/
    condition:
        ($pip_list or $pip_line) and $import and $run
}

rule LiteLLM_Pth_Stealer
{
    meta:
        id = "HS243"
        severity = "critical"
        family = "LiteLLM .pth stealer"
        description = "The start-up hook of the LiteLLM 1.82.8 kind: a `.pth` import line that starts a detached Python child (`subprocess.Popen([sys.executable, \"-c\", ...])`) running base64-decoded code, so the payload runs at every interpreter start."
        reference = "THREATS.md 1.4 and H6 (LiteLLM 1.82.7/1.82.8, March 2026; litellm_init.pth)"
    strings:
        $child = /import[^\n]{0,200}Popen\(\s*\[\s*sys\.executable\s*,\s*["']-c["']\s*,\s*["'][^\n]{0,120}exec\(\s*(__import__\(["']base64["']\)|base64)\.b64decode\(/
    condition:
        $child
}
