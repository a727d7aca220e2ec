"""The engine's messages in the learner's language: in 中文 mode a typo, a missing value and a warning
read in Chinese with the names from the expression; switching back to English re-renders them."""
from .conftest import save_screenshot
from .test_explorer_fixes import open_source, set_source


def error_text(page):
    page.wait_for_selector(".expr-error:not([hidden])")
    return page.text_content(".expr-error")


def test_engine_errors_and_warnings_follow_the_language(page):
    open_source(page, "c*(a+2*b)", {"a": 3, "b": 1, "c": -2})
    page.click("#lang-toggle")
    assert page.get_attribute("html", "lang") == "zh-CN"

    set_source(page, "sigmod(x)")
    page.wait_for_function("() => (document.querySelector('.expr-error')?.textContent ?? '').includes('sigmod')")
    text = error_text(page)
    assert "未知函数 sigmod" in text, text
    assert "你是想写 sigmoid 吗" in text, text
    assert "unknown function" not in text
    save_screenshot(page, "engine-messages-zh-typo")

    page.click("#lang-toggle")          # a shown error is re-rendered in English
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    text = error_text(page)
    assert "unknown function sigmod" in text and "did you mean sigmoid?" in text, text
    assert "未知函数" not in text
    page.click("#lang-toggle")
    assert "未知函数 sigmod" in error_text(page)

    # A name used before it is assigned: the engine's message, with the name, in Chinese.
    set_source(page, "L = k + 1\nk = 2\nL")
    page.wait_for_function("() => (document.querySelector('.expr-error')?.textContent ?? '').includes('k ')")
    text = error_text(page)
    assert "k 在赋值之前就被使用了" in text, text
    assert "把给 k 赋值的那一行移到这一行之前" in text, text

    # A warning: log of 0, and a value that nothing uses.
    set_source(page, "log(a - a) + c")
    page.wait_for_selector(".warnings:not([hidden])")
    page.wait_for_function("() => (document.querySelector('.warnings')?.textContent ?? '').includes('log(')")
    warnings = page.text_content(".warnings")
    assert "的值是 -Infinity" in warnings, warnings
    save_screenshot(page, "engine-messages-zh-warning")
    page.click("#lang-toggle")
    page.wait_for_function("() => (document.querySelector('.warnings')?.textContent ?? '').includes(' is -Infinity')")


def test_a_missing_value_from_the_api_reads_in_chinese(page):
    """The editor fills a default for every free name, so a missing value reaches the page from other
    API callers (a link, the REST API); the page's translation of the API's own answer is checked."""
    open_source(page, "c*(a+2*b)", {"a": 3, "b": 1, "c": -2})
    out = page.evaluate("""async () => {
        const m = await import('/static/js/i18n/engine_messages.js');
        const r = await fetch('/api/v1/graph', {method: 'POST', headers: {'content-type': 'application/json'},
            body: JSON.stringify({source: 'a + bee', values: {a: 1}})});
        const {detail} = await r.json();
        return {status: r.status, code: detail.code,
                zh: [m.errorMessage(detail, 'zh'), m.errorHint(detail, 'zh')],
                en: [m.errorMessage(detail, 'en'), m.errorHint(detail, 'en')], english: [detail.message, detail.hint]};
    }""")
    assert out["status"] == 400 and out["code"] == "missing_value", out
    assert out["zh"] == ["没有给出 bee 的值", "在取值中加上 bee，例如 bee=1"], out
    assert out["en"] == out["english"] == ["no value given for bee", "add bee to the values, e.g. bee=1"], out


def test_the_training_lab_shows_the_engines_csv_error_in_chinese(page):
    from .test_training import open_training
    open_training(page)
    page.click("#lang-toggle")
    page.select_option("#train-dataset", "csv")
    page.fill("#train-csv", "1,2,0\n3,4")
    page.click("#train-run")
    page.wait_for_function("() => document.querySelector('#train-error').textContent.includes('第 2 行有 2 列')")
    text = page.text_content("#train-error")
    assert "但文件有 3 列" in text and "columns" not in text, text
