# A cloud SDK's credential chain: read ~/.aws/credentials (as botocore does)
# and call the provider's own API with a signed POST.
import configparser
import os

import requests

STS = "https://sts.example.com/"


def load_profile(name="default"):
    path = os.environ.get("AWS_SHARED_CREDENTIALS_FILE", os.path.expanduser("~/.aws/credentials"))
    cfg = configparser.ConfigParser()
    cfg.read(path)
    section = cfg[name]
    return section["aws_access_key_id"], section.get("aws_session_token")


def whoami(profile="default"):
    key_id, token = load_profile(profile)
    r = requests.post(
        STS,
        data={"Action": "GetCallerIdentity", "Version": "2011-06-15"},
        headers={"X-Amz-Security-Token": token or "", "X-Example-Key-Id": key_id},
        timeout=10,
    )
    return r.text
