# A release script: uploads a built report with curl and fetches a
# toolchain that it unpacks with tar. Nothing downloaded is run, and the
# uploaded file is a build artefact: medium.
import os


def publish(token):
    os.system(f"curl -H 'Authorization: {token}' -F report=@dist/coverage.html https://ci.example.org/upload")  # expect: HS113 medium


def toolchain():
    os.system("curl -fsSL -o tool.tar.gz https://downloads.example.org/tool.tar.gz && tar xzf tool.tar.gz")  # expect: HS113 medium
    os.system("curl -fsSL https://downloads.example.org/tool.tar.gz | tar xz")  # expect: HS113 medium
