// Behaviours of stealers, clippers, keyloggers and backdoors written in
// Python (THREATS.md 1.2, 1.4 and heuristics H20-H26, H33, H34). Every rule
// pairs a capability with what makes it a threat (a secret store, a crypto
// address, a send-out channel, a download), so that a capability alone never
// reaches high: a clipboard tool, a Selenium clean-up, an installer or a
// notebook helper stays quiet or medium.

rule Browser_Secret_Decryption
{
    meta:
        id = "HS233"
        scope = "python"
        severity = "medium"
        description = "Chromium secrets decrypted next to the stores that hold them: DPAPI (`CryptUnprotectData`, `win32crypt`), the `os_crypt` `encrypted_key` of `Local State` with AES-GCM and the `v10`/`v11` prefix stripped (`[3:15]` nonce), or the macOS `security find-generic-password -wa Chrome` / `Chrome Safe Storage` key, in a file that also names `Local State`, `Login Data`, `Web Data` or `Cookies`."
        reference = "DataDog/guarddog rules, https://github.com/DataDog/guarddog; MITRE ATT&CK T1555.003 Credentials from Web Browsers, https://attack.mitre.org/techniques/T1555/003/; THREATS.md 1.4 and H20"
    strings:
        $dpapi1 = "CryptUnprotectData"
        $dpapi2 = /\bwin32crypt\b/
        $key = "encrypted_key" fullword
        $oscrypt = "os_crypt" fullword
        $gcm1 = "AESGCM"
        $gcm2 = "MODE_GCM"
        $v1 = /b?['"]v1[01]['"]/
        $v2 = /\[\s*3\s*:\s*15\s*\]/
        $v3 = /\[\s*3\s*:\s*3\s*\+\s*12\s*\]/
        $kc1 = /find-generic-password['",\s]{1,8}-w/
        $kc2 = /(Chrome|Chromium|Brave|Microsoft Edge|Opera|Vivaldi) Safe Storage/
        $s1 = "Local State" fullword private
        $s2 = "Login Data" fullword private
        $s3 = "Web Data" fullword private
        $s4 = /['"\/\\]Cookies['"]/ private
    condition:
        any of ($s*) and (
            any of ($dpapi*)
            or ($key and any of ($gcm*) and (any of ($v*) or $oscrypt))
            or any of ($kc*)
        )
}

rule Clipboard_Hijack
{
    meta:
        id = "HS234"
        scope = "python"
        severity = "high"
        family = "Clipper"
        description = "A crypto-address clipper: one file reads the clipboard (`pyperclip.paste`, `GetClipboardData`, `clipboard_get`, `pbpaste`, `Get-Clipboard`), holds a wallet-address regex literal (Bitcoin `[13][a-km-zA-HJ-NP-Z1-9]{25,34}` or `bc1...`, Ethereum `0x[a-fA-F0-9]{40}`, Monero, Tron, Cardano `addr1`, the bech32 alphabet) and writes the clipboard back (`pyperclip.copy`, `SetClipboardText`, `SetClipboardData`, `clipboard_append`, `pbcopy`)."
        reference = "DataDog/guarddog rules (clipboard-paste, KEWK sample), https://github.com/DataDog/guarddog; MITRE ATT&CK T1115 Clipboard Data, https://attack.mitre.org/techniques/T1115/; THREATS.md 1.4 and H22"
    strings:
        $r1 = "pyperclip.paste" private
        $r2 = "GetClipboardData" private
        $r3 = "clipboard_get" private
        $r4 = /\bclipboard\.paste\s*\(/ private
        $r5 = /['"]pbpaste['"]/ private
        $r6 = "Get-Clipboard" nocase private
        $r7 = /from\s+pyperclip\s+import\s+[^\n]{0,60}\bpaste\b/ private
        $w1 = "pyperclip.copy" private
        $w2 = "SetClipboardText" private
        $w3 = "SetClipboardData" private
        $w4 = "clipboard_append" private
        $w5 = /\bclipboard\.copy\s*\(/ private
        $w6 = /['"]pbcopy['"]/ private
        $w7 = "Set-Clipboard" nocase private
        $w8 = /from\s+pyperclip\s+import\s+[^\n]{0,60}\bcopy\b/ private
        // wallet-address regexes as they are written in clippers
        $c1 = /0x\[[0-9a-fA-F\-]{3,12}\]\{40\}/
        $c2 = /\[13\]\[[0-9a-zA-Z\-]{5,24}\]\{2\d,3\d\}/
        $c3 = /bc1[a-z]?(\[[0-9a-zA-Z\-]{3,40}\]|\\w)\{\d{1,2}(,\d{1,2})?\}/
        $c4 = /\(bc1\|\[13\]\)/
        $c5 = /\[[0-9a-zA-Z\-]{0,12}(a-km-z|A-HJ-NP-Z)[0-9a-zA-Z\-]{0,12}\]\{\d\d(,\d\d)?\}/
        $c6 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
        $c7 = /T\[[0-9a-zA-Z\-]{3,20}\]\{33\}/
        $c8 = /addr1\[a-z0-9\]/
    condition:
        any of ($r*) and any of ($w*) and any of ($c*)
}

rule Keylogger
{
    meta:
        id = "HS235"
        scope = "python"
        severity = "high"
        description = "A keylogger: a global keyboard hook (`pynput.keyboard.Listener`, `keyboard.on_press`/`hook`, `pyWinhook`/`pyHook` `HookManager`, `GetAsyncKeyState`, `WH_KEYBOARD_LL`) in a file that also spies on the foreground window (`GetForegroundWindow`, `GetWindowText`) or has a way to send the keys out (Discord webhook, Telegram Bot API, `smtplib`, `requests.post`)."
        reference = "MITRE ATT&CK T1056.001 Keylogging, https://attack.mitre.org/techniques/T1056/001/; MITRE ATT&CK S1245 InvisibleFerret (pyWinhook keylogging), https://attack.mitre.org/software/S1245/; THREATS.md H23"
    strings:
        $k1 = "pynput.keyboard.Listener"
        $k2 = /from\s+pynput(\.keyboard\s+import\s+[^\n]{0,60}\bListener\b|\s+import\s+[^\n]{0,60}\bkeyboard\b)/
        $k3 = /\bkeyboard\.(on_press|on_release|hook)\s*\(/
        $k4 = "HookManager" fullword
        $k5 = /\b(pyWinhook|pyHook)\b/
        $k6 = "GetAsyncKeyState"
        $k7 = "WH_KEYBOARD_LL"
        $k8 = /\bkeyboard\.Listener\s*\(/
        $g1 = "GetForegroundWindow" private
        $g2 = /\bGetWindowText[AW]?\b/ private
        $o1 = /discord(app)?\.com\/api\/webhooks\// private
        $o2 = /api\.telegram\.org\/bot/ private
        $o3 = /\bsmtplib\b/ private
        $o4 = /\brequests\.post\s*\(/ private
    condition:
        any of ($k*) and (any of ($g*) or any of ($o*))
}

rule Remote_Access_Tool_Abuse
{
    meta:
        id = "HS236"
        scope = "python"
        severity = "high"
        description = "A remote-access tool installed or configured for unattended access from Python: `AnyDesk.exe` with the `ad.anynet.pwd_hash`/`pwd_salt` settings, its `service.conf`/`system.conf`, `--set-password` or a download from `download.anydesk.com`; a TeamViewer download or password option; `ngrok authtoken` (or a `tcp 22/3389` tunnel) with an ngrok download; or a `tmate` session whose SSH address is read out."
        reference = "MITRE ATT&CK T1219 Remote Access Software, https://attack.mitre.org/techniques/T1219/; MITRE ATT&CK S1245 InvisibleFerret (AnyDesk module), https://attack.mitre.org/software/S1245/; THREATS.md 1.2 and H24"
    strings:
        $ad_exe = "AnyDesk.exe" nocase
        $ad_conf1 = "ad.anynet.pwd_hash"
        $ad_conf2 = "ad.anynet.pwd_salt"
        $ad_conf3 = "ad.anynet.token_salt"
        $ad_conf4 = /AnyDesk['"]?(\s*,\s*['"]|[\\\/]{1,2})(service|system)\.conf/ nocase
        $ad_pw = "--set-password"
        $ad_dl = "download.anydesk.com" nocase
        $tv_dl = "download.teamviewer.com" nocase
        $tv_exe = /TeamViewer(_Setup|_Host|QS)?(_x64)?\.exe/ nocase
        $tv_pw = /(--passwd\b|\/PASSWORD=|APITOKEN=)/
        $ng_auth = /ngrok['"]?(\s*,\s*['"]|\s+)(config['"]?(\s*,\s*['"]|\s+)add-)?authtoken\b/
        $ng_tcp = /ngrok['"]?(\s*,\s*['"]|\s+)tcp['"]?(\s*,\s*['"]?|\s+)(22|3389|5900)\b/
        $ng_dl = /(bin\.equinox\.io|ngrok-(v3-)?stable-(linux|windows|darwin)|ngrok\.com\/download)/
        $tm_run = /tmate['"]?(\s*,\s*['"]|\s+)-S['"]?(\s*,\s*['"]?|\s+)[^\s'"]{1,60}['"]?(\s*,\s*['"]|\s+)new-session/
        $tm_ssh = "#{tmate_ssh}"
        $tm_dl = /tmate-\d\.\d\.\d-static/
        $f1 = /\burlretrieve\s*\(/ private
        $f2 = /\brequests\.get\s*\(/ private
        $f3 = /\burlopen\s*\(/ private
        $f4 = /\b(wget|curl)\s+(-\w+\s+)*['"]?https?:/ private
        $f5 = "Invoke-WebRequest" nocase private
    condition:
        ($ad_exe and (any of ($ad_conf*) or $ad_pw or ($ad_dl and any of ($f*))))
        or ($tv_dl and any of ($f*))
        or ($tv_exe and $tv_pw)
        or (($ng_auth or $ng_tcp) and $ng_dl)
        or ($tm_ssh and ($tm_run or $tm_dl))
}

rule Browser_Kill_Before_Theft
{
    meta:
        id = "HS237"
        scope = "python"
        severity = "high"
        description = "Browsers killed to unlock their databases before theft: `taskkill`, `killall` or `pkill` of Chrome, Brave, Edge, Opera, Firefox, Vivaldi or Yandex (`chrome.exe`, `\"Google Chrome\"`, ...) in a file that also names the browser's secret stores (`Login Data`, `Local State`, `Web Data`, `Cookies`). A browser kill alone (Selenium clean-up) does not match."
        reference = "MITRE ATT&CK S1245 InvisibleFerret (ssh_kill: taskkill/killall of Chrome and Brave), https://attack.mitre.org/software/S1245/; THREATS.md 1.2 and H25"
    strings:
        $kill1 = "taskkill" nocase
        $kill2 = /\b(killall|pkill)\b/
        $b1 = /\b(chrome|brave|msedge|opera|firefox|vivaldi|yandex|browser)\.exe\b/ nocase private
        $b2 = /(taskkill|killall|pkill)[^\n]{0,60}(chrome|brave|msedge|firefox|opera|vivaldi|yandex|Microsoft Edge)/ nocase private
        $s1 = "Local State" fullword private
        $s2 = "Login Data" fullword private
        $s3 = "Web Data" fullword private
        $s4 = /['"\/\\]Cookies['"]/ private
    condition:
        any of ($kill*) and any of ($b*) and any of ($s*)
}

rule Persistence_Write
{
    meta:
        id = "HS238"
        scope = "python"
        severity = "medium"
        description = "Python that installs itself to start again: a `CurrentVersion\\Run` value (`SetValueEx`, `reg add`), `schtasks /create`, the Startup folder, a `~/Library/LaunchAgents` plist, a systemd user unit enabled with `systemctl --user enable`, a crontab install (`| crontab -`, a crontab file, `@reboot`, python-crontab) or an append to `.bashrc`/`.zshrc`/`.profile`. Installers and dotfile tools do this too, so alone it is medium; HS239 reports it with a payload."
        reference = "MITRE ATT&CK T1547.001 Registry Run Keys / Startup Folder, https://attack.mitre.org/techniques/T1547/001/; T1053 Scheduled Task/Job, https://attack.mitre.org/techniques/T1053/; T1543 Create or Modify System Process, https://attack.mitre.org/techniques/T1543/; T1546.004 Unix Shell Configuration Modification, https://attack.mitre.org/techniques/T1546/004/; THREATS.md H26"
    strings:
        $run = /CurrentVersion\\{1,2}Run(Once)?\b/ nocase
        $setval = "SetValueEx" private
        $regadd = /\breg(\.exe)?['"]?(\s*,\s*['"]|\s+)add\b/ nocase
        $sch = /schtasks(\.exe)?['"]?(\s*,\s*['"]|\s+)\/create/ nocase
        $startup1 = /Start Menu(['"]\s*,\s*[rfu]?['"]|[\\\/]{1,4})Programs(['"]\s*,\s*[rfu]?['"]|[\\\/]{1,4})Startup/ nocase
        $startup2 = "shell:startup" nocase
        $la = /Library(['"]\s*,\s*['"]|\/)LaunchAgents/
        $plist = /(plistlib\.dump|RunAtLoad|launchctl['"]?(\s*,\s*['"]|\s+)(load|bootstrap))/ private
        $sysd = /systemctl['"]?(\s*,\s*['"]|\s+)--user['"]?(\s*,\s*['"]|\s+)enable/
        $unit = /\.config(['"]\s*,\s*['"]|\/)systemd(['"]\s*,\s*['"]|\/)user/
        $execstart = "ExecStart=" private
        $cron1 = /\|\s*crontab\s+-(\s|['"\)])/
        $cron2 = /crontab['"]?(\s*,\s*[rf]?['"]?|\s+)(\/|~\/|\{)/
        $cron3 = /['"]@reboot\s/
        $cron4 = /CronTab\(\s*user\s*=/
        $cronnew = /\.new\(\s*command\s*=/ private
        $rc1 = /\.(bashrc|zshrc|bash_profile|bash_login|profile|zprofile)['"]\s*\)*\s*,\s*(mode\s*=\s*)?['"]a\+?['"]/
        $rc2 = />>\s*['"]?(~|\$HOME|\$\{HOME\}|\{[^}\n]{1,30}\})?\/?[\w.\/-]{0,60}\.(bashrc|zshrc|bash_profile|bash_login|profile|zprofile)\b/
        // a download or decoder and a spawn: that is HS239
        $d1 = /\burlopen\s*\(/ private
        $d2 = /\burlretrieve\s*\(/ private
        $d3 = /\brequests\.get\s*\(/ private
        $d4 = /\bb(64|32|85|16)decode\s*\(/ private
        $d5 = /\bhttpx\.get\s*\(/ private
        $d6 = /(Invoke-WebRequest|DownloadFile|DownloadString)/ nocase private
        $d7 = /\b(curl|wget)\s[^'"\n]{0,80}https?:\/\// private
        $d8 = /(\.clone\(|\bclone_from\(|\bgit['"]?(\s*,\s*['"]|\s+)clone\b)/ private
        $d9 = /\b(bytes\.fromhex|zlib\.decompress)\s*\(/ private
        $sp1 = /\bsubprocess\.(Popen|run|call|check_call|check_output)\s*\(/ private
        $sp2 = /\bos\.(system|startfile|popen|exec[lv]p?e?)\s*\(/ private
        $ex = /[^.\w]exec\s*\(/ private
        $sp3 = /[^.\w]Popen\s*\(/ private
    condition:
        (
            ($run and $setval)
            or any of ($startup*)
            or ($la and $plist)
            or ($unit and $execstart)
            or ($cron4 and $cronnew)
            or $rc1
            // shell commands persist only when something runs them
            or (
                (($regadd and $run) or $sch or $sysd or $cron1 or $cron2 or $cron3 or $rc2)
                and any of ($sp*)
            )
        )
        and not (any of ($d*) and (any of ($sp*) or $ex))
}

rule Persistence_With_Payload
{
    meta:
        id = "HS239"
        scope = "python"
        severity = "high"
        description = "Persistence (a `CurrentVersion\\Run` value, `schtasks /create`, the Startup folder, a LaunchAgent plist, a systemd user unit, a crontab install, an append to a shell rc file) in a file that also downloads or decodes something (`urlopen`, `urlretrieve`, `requests.get`, PowerShell `Invoke-WebRequest`, `curl`/`wget`, `git clone`, `b64decode`, `bytes.fromhex`, `zlib.decompress`) and starts a process or `exec`s code: a dropper that makes its payload survive reboots."
        reference = "MITRE ATT&CK T1547.001 Registry Run Keys / Startup Folder, https://attack.mitre.org/techniques/T1547/001/; T1053 Scheduled Task/Job, https://attack.mitre.org/techniques/T1053/; 360 Threat Intelligence Center on Comebacker persistence (2024-07-06); THREATS.md 1.3, 1.4 and H26"
    strings:
        $run = /CurrentVersion\\{1,2}Run(Once)?\b/ nocase
        $setval = "SetValueEx" private
        $regadd = /\breg(\.exe)?['"]?(\s*,\s*['"]|\s+)add\b/ nocase
        $sch = /schtasks(\.exe)?['"]?(\s*,\s*['"]|\s+)\/create/ nocase
        $sch_word = /["']schtasks(\.exe)?["']/ nocase private
        $sch_create = /["']\/create["']/ nocase private
        $startup1 = /Start Menu(['"]\s*,\s*[rfu]?['"]|[\\\/]{1,4})Programs(['"]\s*,\s*[rfu]?['"]|[\\\/]{1,4})Startup/ nocase
        $startup2 = "shell:startup" nocase
        $la = /Library(['"]\s*,\s*['"]|\/)LaunchAgents/
        $plist = /(plistlib\.dump|RunAtLoad|launchctl['"]?(\s*,\s*['"]|\s+)(load|bootstrap))/ private
        $sysd = /systemctl['"]?(\s*,\s*['"]|\s+)--user['"]?(\s*,\s*['"]|\s+)enable/
        $unit = /\.config(['"]\s*,\s*['"]|\/)systemd(['"]\s*,\s*['"]|\/)user/
        $execstart = "ExecStart=" private
        $cron1 = /\|\s*crontab\s+-(\s|['"\)])/
        $cron2 = /crontab['"]?(\s*,\s*[rf]?['"]?|\s+)(\/|~\/|\{)/
        $cron3 = /['"]@reboot\s/
        $cron4 = /CronTab\(\s*user\s*=/
        $cronnew = /\.new\(\s*command\s*=/ private
        $rc1 = /\.(bashrc|zshrc|bash_profile|bash_login|profile|zprofile)['"]\s*\)*\s*,\s*(mode\s*=\s*)?['"]a\+?['"]/
        $rc2 = />>\s*['"]?(~|\$HOME|\$\{HOME\}|\{[^}\n]{1,30}\})?\/?[\w.\/-]{0,60}\.(bashrc|zshrc|bash_profile|bash_login|profile|zprofile)\b/
        $d1 = /\burlopen\s*\(/ private
        $d2 = /\burlretrieve\s*\(/ private
        $d3 = /\brequests\.get\s*\(/ private
        $d4 = /\bb(64|32|85|16)decode\s*\(/ private
        $d5 = /\bhttpx\.get\s*\(/ private
        $d6 = /(Invoke-WebRequest|DownloadFile|DownloadString)/ nocase private
        $d7 = /\b(curl|wget)\s[^'"\n]{0,80}https?:\/\// private
        $d8 = /(\.clone\(|\bclone_from\(|\bgit['"]?(\s*,\s*['"]|\s+)clone\b)/ private
        $d9 = /\b(bytes\.fromhex|zlib\.decompress)\s*\(/ private
        $sp1 = /\bsubprocess\.(Popen|run|call|check_call|check_output)\s*\(/ private
        $sp2 = /\bos\.(system|startfile|popen|exec[lv]p?e?)\s*\(/ private
        $ex = /[^.\w]exec\s*\(/ private
        $sp3 = /[^.\w]Popen\s*\(/ private
        // an aliased import still names the module
        $sp4 = /\bimport\s+subprocess\b/ private
        $sp5 = /\bfrom\s+subprocess\s+import\b/ private
    condition:
        (
            ($run and $setval)
            or any of ($startup*)
            or ($la and $plist)
            or ($unit and $execstart)
            or ($cron4 and $cronnew)
            or $rc1
            // shell commands persist only when something runs them
            or (
                (($regadd and $run) or $sch or ($sch_word and $sch_create) or $sysd or $cron1 or $cron2 or $cron3 or $rc2)
                and any of ($sp*)
            )
        )
        and any of ($d*) and (any of ($sp*) or $ex)
}

rule Steganographic_Payload
{
    meta:
        id = "HS240"
        scope = "python"
        severity = "high"
        description = "Code hidden in media and run: a steganography reader (`lsb.reveal`, the `stegano` package, `steganography.decode`), image pixels read bit by bit (`getpixel`/`getdata` followed within a few lines by `& 1` or `bin(...)[-1]`), WAV frames (`wave.open` + `readframes`) or PNG chunks (`\\x89PNG` with `IEND`/`tEXt`) in a file that also calls `exec`, `eval` or `compile`."
        reference = "DataDog/guarddog rules (threat-runtime-obfuscation-steganography), https://github.com/DataDog/guarddog; MITRE ATT&CK T1027.003 Steganography, https://attack.mitre.org/techniques/T1027/003/; THREATS.md 1.4 and H34"
    strings:
        $st1 = "lsb.reveal"
        $st2 = /(from|import)\s+stegano\b/
        $st3 = /\bsteganography\.decode\s*\(/
        // a pixel read, then the low bit of a channel within a few lines:
        // `r & 1` or `bin(r)[-1]`
        $pxbit = /\.get(pixel\s*\(|data\s*\(\s*\))[^\n]{0,200}(\n[^\n]{0,200}){0,6}(&\s*(1|0x0?1)\b|bin\([^)\n]{1,40}\)\[\s*-1\s*\])/
        $wv1 = /\bwave\.open\s*\(/
        $wv2 = /\.readframes\s*\(/
        $pn1 = /b['"]IEND['"]/
        $pn2 = /b['"]tEXt['"]/
        $sig_png = /b['"]\\x89PNG/
        $e1 = /[^.\w]exec\s*\(/ private
        $e2 = /[^.\w]eval\s*\(/ private
        $e3 = /[^.\w]compile\s*\(/ private
        $e4 = /builtins['"]?\)?\.(exec|eval)\b/ private
    condition:
        any of ($e*) and (
            any of ($st*)
            or $pxbit
            or ($wv1 and $wv2)
            or ($sig_png and any of ($pn*))
        )
}

rule Runtime_Pip_Url_Install
{
    meta:
        id = "HS241"
        scope = "python"
        severity = "high"
        description = "`pip install` started from code (`os.system`, `subprocess`, `Popen`, `pip.main`) from somewhere other than PyPI: an `http(s)://` archive, a `git+` URL, or `--index-url`/`--extra-index-url`/`-i` pointing to a host other than pypi.org, files.pythonhosted.org, download.pytorch.org or pypi.nvidia.com. A plain `pip install requests`, or a notebook's `!pip install git+...` line, does not match."
        reference = "Checkmarx, fake Python infrastructure (pypihosted.org mirror), https://checkmarx.com/blog/over-170k-users-affected-by-attack-using-fake-python-infrastructure/; MITRE ATT&CK S1245 InvisibleFerret (runtime package installs), https://attack.mitre.org/software/S1245/; THREATS.md H33"
    strings:
        // a command string handed to a spawn call: `os.system("pip install ...")`,
        // `subprocess.run(f"... pip install ...")` or a bare `run("...")`
        $cmd = /\b(system|popen|Popen|run|call|check_call|check_output|getoutput|getstatusoutput)\s*\(\s*[fr]{0,2}['"][^'"\n]{0,100}\bpip3?(\.exe)?['"]?\s+install\s[^'"\n]{0,200}(https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url[ =]+https?:\/\/|\s-i\s+https?:\/\/)[\w.-]+/
        $cmd_ok = /\b(system|popen|Popen|run|call|check_call|check_output|getoutput|getstatusoutput)\s*\(\s*[fr]{0,2}['"][^'"\n]{0,100}\bpip3?(\.exe)?['"]?\s+install\s[^'"\n]{0,200}(https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url[ =]+https?:\/\/|\s-i\s+https?:\/\/)(pypi\.org|test\.pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org|pypi\.nvidia\.com|pypi\.ngc\.nvidia\.com)\b/ private
        // `__import__('os').system("...")` is what hiss makes of a notebook's
        // `!pip install ...` line: a tutorial, not a dropper
        $notebook = /__import__\('os'\)\.system\(\s*[fr]{0,2}['"][^'"\n]{0,100}\bpip3?(\.exe)?['"]?\s+install\s[^'"\n]{0,200}(https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url[ =]+https?:\/\/|\s-i\s+https?:\/\/)[\w.-]+/ private
        $notebook_ok = /__import__\('os'\)\.system\(\s*[fr]{0,2}['"][^'"\n]{0,100}\bpip3?(\.exe)?['"]?\s+install\s[^'"\n]{0,200}(https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url[ =]+https?:\/\/|\s-i\s+https?:\/\/)(pypi\.org|test\.pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org|pypi\.nvidia\.com|pypi\.ngc\.nvidia\.com)\b/ private
        // an argument list: ["pip", "install", ..., "https://..."]
        $list = /['"]pip3?['"]\s*,\s*['"]install['"]\s*,\s*([^\]\n]{0,200},\s*)?[fr]?['"](https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url['"]\s*,\s*[fr]?['"]https?:\/\/|--(extra-)?index-url=https?:\/\/|-i['"]\s*,\s*[fr]?['"]https?:\/\/)[\w.-]+/
        $list_ok = /['"]pip3?['"]\s*,\s*['"]install['"]\s*,\s*([^\]\n]{0,200},\s*)?[fr]?['"](https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url['"]\s*,\s*[fr]?['"]https?:\/\/|--(extra-)?index-url=https?:\/\/|-i['"]\s*,\s*[fr]?['"]https?:\/\/)(pypi\.org|test\.pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org|pypi\.nvidia\.com|pypi\.ngc\.nvidia\.com)\b/ private
        // pip.main(["install", "https://..."])
        $main = /pip\.main\(\s*\[\s*['"]install['"]\s*,\s*([^\]\n]{0,200},\s*)?[fr]?['"](https?:\/\/|git\+[a-z]{2,5}:\/\/|--(extra-)?index-url)/
        // the list handed to a spawn call
        $spawn = /\b(subprocess\.\w+|Popen|check_call|check_output)\s*\(/ private
    condition:
        // every notebook line is also a $cmd match, 17 bytes further on
        #cmd - #cmd_ok > #notebook - #notebook_ok
        or (#list > #list_ok and $spawn)
        or $main
}

rule Crypto_Miner_Deploy
{
    meta:
        id = "HS244"
        scope = "python"
        severity = "high"
        description = "A cryptocurrency miner deployed from Python: XMRig (or a MoneroOcean / known pool installer) named together with a way to fetch or start it (`subprocess`, `os.system`, `Popen`, `urlretrieve`, `urlopen`, `curl`/`wget`), or a mining-pool address (`stratum+tcp://`, `pool.supportxmr.com`, `gulf.moneroocean.stream`, ...) handed to a process. Mining libraries and pool software do not ship a miner binary's download and a wallet address in a package's code."
        reference = "Sonatype and Checkmarx reports on XMRig droppers in PyPI packages (2021-2024); MITRE ATT&CK T1496 Resource Hijacking, https://attack.mitre.org/techniques/T1496/"
    strings:
        $miner1 = /\bxmrig\b/ nocase
        $miner2 = "setup_moneroocean_miner" nocase
        $miner3 = /\bnbminer\b|\blolminer\b|\bphoenixminer\b/ nocase
        $pool1 = /stratum\+(tcp|ssl|tls):\/\//
        $pool2 = /\b(pool\.supportxmr\.com|gulf\.moneroocean\.stream|pool\.minexmr\.com|xmr\.2miners\.com|xmrpool\.eu|[a-z0-9.-]*nanopool\.org|[a-z0-9.-]*c3pool\.com|[a-z0-9.-]*hashvault\.pro|[a-z0-9.-]*nicehash\.com)\b/
        $flag = /--donate-level\b|-o\s+[a-z0-9.-]+:\d{2,5}\s+-u\s/
        $run1 = /\b(subprocess\.\w+|Popen|os\.system|check_call|check_output|urlretrieve|urlopen|requests\.get)\s*\(/
        $run2 = /\b(curl|wget)\s+-/
    condition:
        (any of ($miner*) and any of ($run*))
        or ((any of ($pool*) or $flag) and any of ($run*))
}

rule Security_Control_Tampering
{
    meta:
        id = "HS245"
        scope = "python"
        severity = "high"
        description = "Python that switches off the machine's defences before it acts: a Microsoft Defender exclusion or shutdown (`Add-MpPreference -ExclusionPath/-ExclusionProcess/-ExclusionExtension`, `Set-MpPreference -DisableRealtimeMonitoring`, the `DisableAntiSpyware`/`DisableRealtimeMonitoring` policy values), UAC switched off (`EnableLUA` set to 0, `ConsentPromptBehaviorAdmin` 0), a UAC bypass through an auto-elevating binary (`ms-settings`/`mscfile` `shell\\open\\command` with `DelegateExecute`, started with `fodhelper`, `computerdefaults`, `eventvwr` or `sdclt`), the firewall turned off (`netsh advfirewall set … state off`), or every shadow copy deleted (`vssadmin delete shadows /all`, `wmic shadowcopy delete`). Installers and libraries have no reason to do any of this."
        reference = "MITRE ATT&CK T1562.001 Impair Defenses: Disable or Modify Tools, https://attack.mitre.org/techniques/T1562/001/; T1548.002 Bypass User Account Control, https://attack.mitre.org/techniques/T1548/002/; T1490 Inhibit System Recovery, https://attack.mitre.org/techniques/T1490/"
    strings:
        $mp1 = /Add-MpPreference[^\n]{0,80}-Exclusion(Path|Process|Extension|IpAddress)/ nocase
        $mp2 = /Set-MpPreference[^\n]{0,80}-Disable(RealtimeMonitoring|IOAVProtection|BehaviorMonitoring|ScriptScanning|IntrusionPreventionSystem)\s+(\$true|1)/ nocase
        $mp3 = /['"]Disable(AntiSpyware|RealtimeMonitoring|AntiVirus)['"][^\n]{0,60}\b1\b/ nocase
        $uac1 = /['"]EnableLUA['"][^\n]{0,60}\b0\b/
        $uac2 = /EnableLUA[^\n]{0,40}(\/d|-Value)\s+0\b/ nocase
        $uac3 = /['"]ConsentPromptBehaviorAdmin['"][^\n]{0,60}\b0\b/
        $bypass_key = /(ms-settings|mscfile|Folder)\\{1,2}shell\\{1,2}open\\{1,2}command/ nocase
        $bypass_value = "DelegateExecute"
        $bypass_bin = /\b(fodhelper|computerdefaults|eventvwr|sdclt)(\.exe)?\b/ nocase
        $fw = /netsh\s+(advfirewall\s+set\s+\w+\s+state\s+off|firewall\s+set\s+opmode\s+(mode=)?disable)/ nocase
        // every copy, as ransomware does; a tool removing the one shadow it
        // made (`/Shadow={id}`, `/Oldest`) is not this
        $vss1 = /vssadmin(\.exe)?\s+delete\s+shadows\s+[^\n'"]{0,40}\/all/ nocase
        $vss2 = /wmic(\.exe)?\s+shadowcopy\s+delete/ nocase
    condition:
        any of ($mp*)
        or any of ($uac*)
        or ($bypass_key and ($bypass_value or $bypass_bin))
        or $fw
        or any of ($vss*)
}
