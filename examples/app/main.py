"""Crawls a few URLs concurrently and prints a summary."""

import asyncio

from .fetch import fetch, fetch_with_retries
from .models import Page, Stats

URLS = [
    "https://example.com/",
    "https://example.com/about",
    "https://example.com/missing",
]


async def worker(name: str, queue: asyncio.Queue[str], stats: Stats, lock: asyncio.Lock) -> None:
    while True:
        url = await queue.get()
        try:
            page = await fetch_with_retries(url, retries=2)
            async with lock:
                stats.record(page)
            print(f"{name}: {page.url} -> {page.status}")
        finally:
            queue.task_done()


async def crawl(urls: list[str], concurrency: int) -> Stats:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    stats = Stats()
    lock = asyncio.Lock()
    workers = [
        asyncio.create_task(worker(f"worker-{i}", queue, stats, lock))
        for i in range(concurrency)
    ]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return stats


async def main() -> None:
    home, about = await asyncio.gather(fetch(URLS[0]), fetch(URLS[1]))
    print(home.size() + about.size())

    stats = await crawl(URLS, "4")  # mistake: the concurrency must be an `int`, not a `str`
    print(f"fetched {stats.fetched}, failed {stats.failed}")
    print(f"{stats.byte_read} bytes")  # mistake: misspelled attribute, it is `bytes_read`

    first: Page = await fetch_with_retries(URLS[0])  # mistake: missing the `retries` argument
    print(first.url)


if __name__ == "__main__":
    asyncio.run(main())
