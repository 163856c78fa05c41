// Commodity stealer markers: Discord token theft and exfiltration to Discord
// webhooks or the Telegram Bot API (THREATS.md 1.4, H18, H21). The URL rules
// need a browser/Discord store in the same file to keep bot frameworks quiet.

rule Discord_Token_Regex
{
    meta:
        id = "HS222"
        family = "Discord stealer"
        severity = "high"
        description = "Discord token grabber regexes as literals: the plain token pattern (24, 6 and 27 or more word characters joined by dots, as `[w-]{24}.[w-]{6}.[w-]{27}` with escapes), the MFA token pattern (`mfa.` and 84 word characters), or the `dQw4w9WgXcQ:` prefix of the tokens Discord encrypts in its leveldb."
        reference = "DataDog/guarddog rules (threat-network-exfil-messenger), https://github.com/DataDog/guarddog; THREATS.md 1.4 and H21"
    strings:
        // [\w-]{24}\.[\w-]{6}\. or [\w-]{24,26}\.[\w-]{6}\. with one or two backslashes
        $tok = /\[\\{1,2}w-\]\{2[3-6](,\d{1,3})?\}\\{1,2}\.\[\\{1,2}w-\]\{6\}\\{1,2}\./
        $mfa = /mfa\\{1,2}\.\[\\{1,2}w-\]\{8\d(,\d{1,3})?\}/
        $enc = /['"]dQw4w9WgXcQ:/
    condition:
        any of them
}

rule Discord_Webhook_Stealer
{
    meta:
        id = "HS223"
        family = "Discord stealer"
        severity = "high"
        description = "A Discord webhook URL in a file that also names browser or Discord secret stores (`Local Storage/leveldb`, `Login Data`, `Local State`, `encrypted_key`, `CryptUnprotectData`, wallet extension folders): a stealer that exfiltrates through Discord."
        reference = "DataDog/guarddog rules (threat-network-exfil-messenger), https://github.com/DataDog/guarddog; THREATS.md 1.4 and H18/H19"
    strings:
        $hook = /discord(app)?\.com\/api\/webhooks\//
        $s1 = /Local Storage[\/\\]{1,2}leveldb/
        $s2 = "Login Data" fullword
        $s3 = "Local State" fullword
        $s4 = "encrypted_key" fullword
        $s5 = "CryptUnprotectData"
        $s6 = "Local Extension Settings"
        $s7 = "nkbihfbeogaeaoehlefnkodbefgpgknn"
    condition:
        $hook and any of ($s*)
}

rule Telegram_Bot_Stealer
{
    meta:
        id = "HS224"
        family = "Telegram stealer"
        severity = "high"
        description = "A Telegram Bot API URL in a file that also names browser or Discord secret stores (`Local Storage/leveldb`, `Login Data`, `Local State`, `encrypted_key`, `CryptUnprotectData`, wallet extension folders): a stealer that exfiltrates through Telegram."
        reference = "DataDog/guarddog rules (threat-network-exfil-messenger), https://github.com/DataDog/guarddog; MITRE ATT&CK S1245 InvisibleFerret (Telegram exfiltration), https://attack.mitre.org/software/S1245/"
    strings:
        $bot = /api\.telegram\.org\/bot/
        $s1 = /Local Storage[\/\\]{1,2}leveldb/
        $s2 = "Login Data" fullword
        $s3 = "Local State" fullword
        $s4 = "encrypted_key" fullword
        $s5 = "CryptUnprotectData"
        $s6 = "Local Extension Settings"
        $s7 = "nkbihfbeogaeaoehlefnkodbefgpgknn"
    condition:
        $bot and any of ($s*)
}
