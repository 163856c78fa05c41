// Published network indicators of the families in THREATS.md section 2,
// written re-fanged so that they match code. One rule per IOC group; an
// indicator found in a file names the family it was published for.

rule IOC_CodeOfConduct
{
    meta:
        id = "HS225"
        severity = "high"
        family = "Code of Conduct"
        description = "A published 'Code of Conduct' C2 domain (akamaitechnologies.online), in clear or in the ROT13 form the dropper stores."
        reference = "Elastic Security Labs, 'Code of Conduct: DPRK's Python-fueled intrusions into secured networks' (2024-09-18)"
    strings:
        $d1 = "akamaitechnologies.online" fullword nocase
        $d2 = "nxnznvgrpuabybtvrf.bayvar" fullword nocase
    condition:
        any of them
}

rule IOC_SlowPisces
{
    meta:
        id = "HS226"
        severity = "high"
        family = "Slow Pisces"
        description = "The published Slow Pisces / TraderTraitor C2 domain of the Safe{Wallet} compromise (getstockprice.com)."
        reference = "Elastic Security Labs, 'Bit ByBit - emulation of the DPRK's largest cryptocurrency heist' (2025-05-06), citing Unit 42"
    strings:
        $d1 = "getstockprice.com" fullword nocase
    condition:
        any of them
}

rule IOC_Lazarus_PyPI_Linux_Wave
{
    meta:
        id = "HS227"
        severity = "high"
        family = "360 Linux wave"
        description = "Published domains of the Lazarus PyPI Linux/macOS wave: the payload hosts pypi.online and arcashop.org and the C2 jdkgradle.com."
        reference = "360 Threat Intelligence Center, '揭秘APT-C-26（Lazarus）组织利用PyPI…' (2024-07-06)"
    strings:
        $d1 = "pypi.online" fullword nocase
        $d2 = "arcashop.org" fullword nocase
        $d3 = "jdkgradle.com" fullword nocase
    condition:
        any of them
}

rule IOC_KANDYKORN
{
    meta:
        id = "HS228"
        severity = "high"
        family = "KANDYKORN"
        description = "Published REF7001 / KANDYKORN network indicators: tp-globa.xyz, the SUGARLOADER C2 and its related linkpc.net / publicvm.com / run.place hosts, the Reddit-reported lure host, and their IP addresses."
        reference = "Elastic Security Labs, 'Elastic catches DPRK passing out KANDYKORN' (2023-11-01)"
    strings:
        $d1 = "tp-globa.xyz" fullword nocase
        $d2 = "pesnam.publicvm.com" fullword nocase
        $d3 = "bitscrunnch.linkpc.net" fullword nocase
        $d4 = "jobintro.linkpc.net" fullword nocase
        $d5 = "jobdescription.linkpc.net" fullword nocase
        $d6 = "docsenddata.linkpc.net" fullword nocase
        $d7 = "docsendinfo.linkpc.net" fullword nocase
        $d8 = "datasend.linkpc.net" fullword nocase
        $d9 = "exodus.linkpc.net" fullword nocase
        $d10 = "bitscrunnch.run.place" fullword nocase
        $d11 = "coupang-networks.pics" fullword nocase
        $d12 = "group.pro-tokyo.top" fullword nocase
        $i1 = "192.119.64.43" fullword
        $i2 = "23.254.226.90" fullword
    condition:
        any of them
}

rule IOC_Contagious_Interview
{
    meta:
        id = "HS229"
        severity = "high"
        family = "InvisibleFerret"
        description = "Published Contagious Interview (BeaverTail / InvisibleFerret) C2 domains and IP addresses from ThreatBook's October 2024 report."
        reference = "ThreatBook, 'Lazarus窃密币动作活跃，大量资产仍存活' (2024-10-16)"
    strings:
        $d1 = "hirog.io" fullword nocase
        $d2 = "freeconference.io" fullword nocase
        $d3 = "mirotalk.net" fullword nocase
        $d4 = "blocktestingto.com" fullword nocase
        $d5 = "de.ztec.store" fullword nocase
        $d6 = "ipcheck.cloud" fullword nocase
        $d7 = "regioncheck.net" fullword nocase
        $i1 = "135.181.242.24" fullword
        $i2 = "140.99.223.36" fullword
        $i3 = "144.172.74.108" fullword
        $i4 = "144.172.74.48" fullword
        $i5 = "144.172.79.23" fullword
        $i6 = "147.124.212.146" fullword
        $i7 = "147.124.212.89" fullword
        $i8 = "147.124.213.11" fullword
        $i9 = "147.124.213.17" fullword
        $i10 = "147.124.213.29" fullword
        $i11 = "147.124.214.129" fullword
        $i12 = "147.124.214.131" fullword
        $i13 = "147.124.214.237" fullword
        $i14 = "166.88.132.39" fullword
        $i15 = "167.88.164.29" fullword
        $i16 = "167.88.168.152" fullword
        $i17 = "167.88.168.24" fullword
        $i18 = "172.86.100.168" fullword
        $i19 = "172.86.123.35" fullword
        $i20 = "172.86.97.80" fullword
        $i21 = "172.86.98.240" fullword
        $i22 = "173.211.106.101" fullword
        $i23 = "185.235.241.208" fullword
        $i24 = "23.106.253.194" fullword
        $i25 = "23.106.253.209" fullword
        $i26 = "23.106.253.215" fullword
        $i27 = "23.106.70.154" fullword
        $i28 = "23.254.244.242" fullword
        $i29 = "45.140.147.208" fullword
        $i30 = "45.61.129.255" fullword
        $i31 = "45.61.130.0" fullword
        $i32 = "45.61.131.218" fullword
        $i33 = "45.61.158.54" fullword
        $i34 = "45.61.158.7" fullword
        $i35 = "45.61.160.14" fullword
        $i36 = "45.61.169.187" fullword
        $i37 = "45.61.169.99" fullword
        $i38 = "45.89.53.59" fullword
        $i39 = "46.4.224.205" fullword
        $i40 = "67.203.0.152" fullword
        $i41 = "67.203.123.171" fullword
        $i42 = "67.203.6.171" fullword
        $i43 = "67.203.7.163" fullword
        $i44 = "67.203.7.171" fullword
        $i45 = "67.203.7.245" fullword
        $i46 = "77.37.37.81" fullword
        $i47 = "91.92.120.135" fullword
        $i48 = "95.164.17.24" fullword
    condition:
        any of them
}

rule IOC_VMConnect
{
    meta:
        id = "HS230"
        severity = "high"
        family = "VMConnect"
        description = "Published VMConnect (Lazarus PyPI, 2023) C2 indicators: ethertestnet.pro, deliworkshopexpress.xyz and 45.61.139.219."
        reference = "ReversingLabs VMConnect (Aug 2023), via a ReversingLabs-derived IOC summary (THREATS.md 2.7)"
    strings:
        $d1 = "ethertestnet.pro" fullword nocase
        $d2 = "deliworkshopexpress.xyz" fullword nocase
        $i1 = "45.61.139.219" fullword
    condition:
        any of them
}

rule IOC_Fake_PyPI_Mirror
{
    meta:
        id = "HS231"
        severity = "high"
        description = "The typosquatted PyPI mirror pypihosted.org (files.pypihosted.org), which served a trojanised colorama to `pip install` calls."
        reference = "Checkmarx fake PyPI mirror case (files.pypihosted.org), cited by chainguard-dev/malcontent pip_installer_url, https://github.com/chainguard-dev/malcontent"
    strings:
        $d1 = "pypihosted.org" fullword nocase
    condition:
        any of them
}

rule IOC_W4SP
{
    meta:
        id = "HS232"
        severity = "high"
        family = "W4SP"
        description = "The `/inject/` host of W4SP-style stubs seen in public sample copies (20.126.118.208)."
        reference = "THREATS.md 2.8 (W4SP-style stub in public sample copies; Phylum and Checkmarx W4SP Stealer reports, Oct-Nov 2022)"
    strings:
        $i1 = "20.126.118.208" fullword
    condition:
        any of them
}
