# A price-watch script: Selenium drives Chrome with the user's own profile
# (to stay logged in to the shop), and the scraped prices are posted to the
# team's dashboard API. A Chrome profile path and an HTTP POST in one file,
# but no profile file is read or sent.
import os

import requests
from selenium import webdriver
from selenium.webdriver.common.by import By

PROFILE = os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data")
DASHBOARD = "https://dashboard.example.com/api/prices"


def scrape(urls):
    opts = webdriver.ChromeOptions()
    opts.add_argument(f"--user-data-dir={PROFILE}")
    opts.add_argument("--profile-directory=Default")
    driver = webdriver.Chrome(options=opts)
    try:
        prices = {}
        for url in urls:
            driver.get(url)
            prices[url] = driver.find_element(By.CSS_SELECTOR, ".price").text
        return prices
    finally:
        driver.quit()


def publish(prices):
    requests.post(DASHBOARD, json=prices, timeout=10)
