// REF7001 / KANDYKORN (Lazarus, 2023): Python stage-0/1 droppers that lead to
// SUGARLOADER, HLOADER and KANDYKORN on macOS (THREATS.md 1.1c, 2.1).

rule KANDYKORN_C2_Url_Shape
{
    meta:
        id = "HS215"
        severity = "high"
        family = "KANDYKORN"
        description = "A REF7001 C2/lure URL: a double slash after the host, then five path segments of 11, 10, 10, 10 and 3 letters or digits, ending `/fP7savDX6c/bfC` in the published samples."
        reference = "Elastic Security Labs, 'Elastic catches DPRK passing out KANDYKORN' (2023-11-01)"
    strings:
        $shape = /[A-Za-z0-9-]\.[A-Za-z]{2,12}(:\d{1,5})?\/\/[A-Za-z0-9]{11}\/[A-Za-z0-9]{10}\/[A-Za-z0-9]{10}\/[A-Za-z0-9]{10}\/[A-Za-z0-9]{3}\b/
        $tail = "/fP7savDX6c/bfC"
    condition:
        any of them
}

rule KANDYKORN_Dropper_Files
{
    meta:
        id = "HS216"
        severity = "high"
        family = "KANDYKORN"
        description = "REF7001 dropper file names: the stage written to `_log/testSpeed.py`, `FinderTools` or the hidden Mach-O `.sld` under `/Users/Shared/`, or the RC4 config `/Library/Caches/com.apple.safari.ck`."
        reference = "Elastic Security Labs, 'Elastic catches DPRK passing out KANDYKORN' (2023-11-01)"
    strings:
        $speed = /testSpeed\.py\b|import\s+testSpeed\b/
        $log = /['"\/\\]_log['"\/\\]/
        $sld = /\/Users\/Shared\/\.sld\b/
        $shared = "/Users/Shared" fullword
        $finder = "FinderTools" fullword
        $ck = "com.apple.safari.ck" fullword
    condition:
        ($speed and $log) or $sld or ($finder and $shared) or $ck
}
