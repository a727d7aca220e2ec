"""The app's own refusals (404, 405, 413, 429, a bad Host, the time budget, …): a stable code for each
message and hint, and its English template, as engine/present/messages.py holds the engine's.

An answer carries `code`/`params` and `hint_code`/`hint_params` beside the English `message`/`hint`
(`ApiError.coded`), so the page shows them in the learner's language: static/js/i18n/engine_messages.js
holds these templates in English and Chinese next to the engine's. tests/app/test_messages.py walks
the app's raise sites and fails when a code is not here, and checks the page has every code in both
languages.

Templates use `{name}` placeholders filled with text (str.format_map: no other braces in them).
"""
from __future__ import annotations

MESSAGES = {
    # ---- requests the app refuses before anything is computed ----------------------------------
    "no_endpoint": "There is no endpoint at {path}.",
    "not_found": "There is nothing at {path}.",
    "method_not_allowed": "{method} is not accepted at {path}; it accepts {allowed}.",
    "method_not_accepted": "{method} is not accepted at {path}.",
    "unreadable_body": "The request body could not be read as JSON.",
    "http_error": "The request was refused ({status}): {detail}",
    "request_too_large": "The request body is larger than {limit} bytes.",
    "bad_content_length": "Content-Length is not a number.",
    "invalid_host": "This server does not answer to the host name {host}.",
    # ---- computing --------------------------------------------------------------------------------
    "server_busy": "The server is busy with other large computations.",
    "time_budget": "This needs more work than the server allows per request ({seconds} s).",
    "engine_failure": "The engine failed on this input; this is a bug on our side and it was logged.",
    "pace_too_slow": "At {pace} epochs per second, {epochs} epochs take {seconds} s, beyond this request's "
                     "budget of {budget} s.",
    "internal_error": "Something went wrong on the server.",
    # ---- hints ------------------------------------------------------------------------------------
    "hint_api_endpoints": "Use one of the endpoints listed here; /docs describes each with examples.",
    "hint_page_and_docs": "The page is at /, the API docs at /docs.",
    "hint_post_json": "Send a POST with a JSON body and the header Content-Type: application/json; /docs "
                      "describes each endpoint with examples.",
    "hint_api_docs": "/docs describes each endpoint with examples.",
    "hint_json_object": "Send a JSON object as /docs shows; values are numbers or lists of at most two levels.",
    "hint_shorter_request": "Send a shorter program or fewer values; the limit is BACKPROP_MAX_BODY_BYTES.",
    "hint_valid_content_length": "Send a valid Content-Length header or none.",
    "hint_use_the_server_address": "Open the page at the server's own address; its operator lists the host "
                                   "names it answers to in BACKPROP_ALLOWED_HOSTS.",
    "hint_retry_later": "Try again in {retry_after} seconds, or send a smaller request.",
    "hint_make_smaller": "Make the program smaller: fewer nodes, smaller tensors or a smaller network.",
    "hint_rewrite_and_report": "Try writing the expression another way (e.g. split it into named steps), and "
                               "please report the input that caused this.",
    "hint_leave_pace_out": "Leave pace out, or watch a paced run with POST /api/v1/train/stream.",
    "hint_report_bug": "This is a bug; please report the request that caused it.",
}

