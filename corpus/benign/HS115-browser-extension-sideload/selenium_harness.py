# A browser-automation test harness: it starts its own Chrome with a test
# extension from the repository. No shortcut is touched.
from selenium import webdriver


def driver_with_extension(ext_dir):
    options = webdriver.ChromeOptions()
    options.add_argument("--load-extension=" + ext_dir)
    options.add_argument("--headless=new")
    return webdriver.Chrome(options=options)
