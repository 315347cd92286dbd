# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Work on many organizations at once (issue 23): a bounded pool of workers inside one task.

Private to the ppe.essentials collection. Over the internet a request costs 50-300 ms, nearly all of it waiting;
one organization after another, an audit of 500 costs minutes of waiting. Each worker has its own client (its own
connection pool) made from the task's client, and every worker's client shares the task's 429 pause (_client.py),
so one "slow down" from the API pauses the whole task. Results come back in the order of the input, and one
organization's failure is its own result: the work function never raises for the API. The same pool writes one
task's items that have no batch endpoint (ppe_users' per-user PUTs and DELETEs); inside a worker it runs its items
one after another, so a task never has more requests in flight than its outermost pool has workers.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

DEFAULT_WORKERS = 48  # 500 organizations at 150 ms per request audited within a minute (README, Performance)
MAX_WORKERS = 64  # a bound on concurrent requests from one task, whatever the option says
ITEM_WORKERS = 16  # one organization's per-item writes at once (500 user updates at 150 ms: 6 s, not 78 s)
_WORKER = threading.local()  # set in a pool's threads: a pool inside a worker runs in that worker


WORKERS_OPTION = {"type": "int", "default": DEFAULT_WORKERS}


def workers_errors(workers):
    """The `workers` option's bounds, checked before any request."""
    if workers is None or 1 <= workers <= MAX_WORKERS:
        return []
    return ["workers: %s is out of range: use 1 to %d (1 works on one organization after another)"
            % (workers, MAX_WORKERS)]


def each(items, work, client, workers=DEFAULT_WORKERS, same_stack=False):
    """[work(item, client)] for every item, in the order of `items`, on at most `workers` threads; each thread with
    its own client (client.sibling(): its own connection pool, the shared 429 pause; with `same_stack`, on the stack
    `client` uses). One worker, one item, or a call from inside a worker runs in this thread with `client` itself."""
    items = list(items)
    workers = max(1, min(int(workers or 1), MAX_WORKERS, len(items) or 1))
    if workers == 1 or getattr(_WORKER, "client", None) is not None:
        return [work(item, client) for item in items]
    siblings = []

    def run(item):
        if getattr(_WORKER, "client", None) is None:
            _WORKER.client = client.sibling(same_stack)
            siblings.append(_WORKER.client)
        return work(item, _WORKER.client)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ppe-fleet") as pool:
            return list(pool.map(run, items))
    finally:
        for sibling in siblings:
            sibling.close()
