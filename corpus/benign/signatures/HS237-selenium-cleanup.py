# Near-miss for HS237: test-suite teardown that kills stray Chrome and
# chromedriver processes after Selenium runs. No browser store is touched.
import os
import platform
import subprocess

from selenium import webdriver


def make_driver():
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    options.add_argument(f"--user-data-dir={os.path.abspath('.selenium-profile')}")
    return webdriver.Chrome(options=options)


def cleanup():
    if platform.system() == "Windows":
        subprocess.call("taskkill /F /IM chromedriver.exe /T", shell=True)
        subprocess.call("taskkill /F /IM chrome.exe /T", shell=True)
    else:
        subprocess.call(["pkill", "-f", "chromedriver"])
        subprocess.call(["killall", "Google Chrome"])
