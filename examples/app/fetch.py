"""Pretend network access: every request is a short `asyncio.sleep`."""

import asyncio

from .models import Page

DEFAULT_TIMEOUT = 5.0


async def fetch(url: str, timeout: float = DEFAULT_TIMEOUT) -> Page:
    await asyncio.sleep(0.01)
    status = 404 if url.endswith("/missing") else 200
    return Page(url, status, f"<html>{url}</html>")


async def fetch_with_retries(url: str, retries: int) -> Page:
    page = await fetch(url)
    for _ in range(retries):
        if page.status == 200:
            break
        await asyncio.sleep(0.01)
        page = await fetch(url)
    return page


async def fetch_status(url: str) -> int:
    page = await fetch(url)
    return page  # mistake: returns the whole `Page`, not its `status`


async def content_length(url: str) -> int:
    page = await fetch(url)
    return await page.size()  # mistake: `size()` is a plain method, its `int` result can't be awaited
