"""Seeded toy datasets and CSV parsing: reproducible points, balanced labels, clear refusals."""
import numpy as np
import pytest

from engine.core.errors import EngineError
from engine.networks.datasets import (DATASETS, MAX_CSV_COLUMNS, MAX_CSV_ROWS, MAX_DATASET_POINTS,
                             DatasetError, generate, parse_csv)


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_is_reproducible_balanced_and_two_dimensional(name):
    x, y = generate({"name": name, "n": 101, "noise": 0.1, "seed": 7})
    x2, y2 = generate({"name": name, "n": 101, "noise": 0.1, "seed": 7})
    x3, _ = generate({"name": name, "n": 101, "noise": 0.1, "seed": 8})
    assert x.shape == (101, 2) and y.shape == (101,)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert not np.array_equal(x, x3)
    assert set(y.tolist()) == {0, 1} and y.sum() == 51
    assert np.isfinite(x).all()


def test_noise_zero_puts_points_on_the_shapes():
    x, y = generate({"name": "circles", "n": 40, "noise": 0.0, "seed": 1})
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.5)
    x, y = generate({"name": "xor", "n": 40, "noise": 0.0, "seed": 1})
    assert np.all((x[:, 0] * x[:, 1] < 0) == (y == 1))


@pytest.mark.parametrize("request_, words", [
    ({"name": "blobs", "n": 10}, "Unknown dataset"),
    ({"name": "moons", "n": 2}, "between"),
    ({"name": "moons", "n": MAX_DATASET_POINTS + 1}, "between"),
    ({"name": "moons", "n": 10.5}, "whole number"),
    ({"name": "moons", "n": 10, "noise": -1}, "noise"),
    ({"name": "moons", "n": 10, "noise": float("nan")}, "finite"),
    ({"name": "moons", "n": 10, "seed": -3}, "seed"),
    ({"name": "moons", "n": 10, "colour": "red"}, "Unknown dataset key"),
    ("moons", "object"),
])
def test_bad_dataset_requests_are_refused(request_, words):
    with pytest.raises(DatasetError, match=words) as err:
        generate(request_)
    assert isinstance(err.value, EngineError)
    assert err.value.to_dict()["error"] == "DatasetError"


def test_csv_with_header_and_without():
    x, y, header = parse_csv("a,b,label\n1,2,0\n3.5,-4e-1,1\n")
    assert header == ["a", "b", "label"]
    assert x.tolist() == [[1, 2], [3.5, -0.4]] and y.tolist() == [0, 1]
    x, y, header = parse_csv("1;2;0\n\n3;4;1\n")
    assert header is None and x.shape == (2, 2)
    x, y, header = parse_csv("1\t0\n2\t1")
    assert x.tolist() == [[1], [2]]


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("   \n\n", "empty"),
    ("a,b,label\n", "no data rows"),
    ("1,2,0\n3,1\n", "Line 2 has 2 columns"),
    ("1,2,0\n3,x,1\n", r"Line 2, column 2: 'x' is not a number"),
    ("1,nan,0\n3,2,1\n", "not a number"),
    ("1,1e999,0\n3,2,1\n", "too large"),
    ("1,2,1\n3,4,1\n", "single class"),
    ("1\n2\n", "two columns"),
    (",".join(["1"] * (MAX_CSV_COLUMNS + 1)) + "\n", "columns"),
    ("1,0\n" * (MAX_CSV_ROWS // 2) + "2,1\n" * (MAX_CSV_ROWS // 2 + 1), "data rows"),
    (123, "must be text"),
])
def test_bad_csv_is_refused_with_a_message(text, words):
    with pytest.raises(DatasetError, match=words):
        parse_csv(text)


def test_scale_multiplies_each_feature_and_is_bounded():
    from engine.networks.datasets import DatasetError, generate
    x, y = generate({"name": "moons", "n": 50, "seed": 2})
    xs, ys = generate({"name": "moons", "n": 50, "seed": 2, "scale": [1, 100]})
    assert np.array_equal(xs[:, 0], x[:, 0]) and np.allclose(xs[:, 1], 100 * x[:, 1]) and np.array_equal(y, ys)
    for bad in ([1], [1, 0], [1, 1e4], "2"):
        with pytest.raises(DatasetError, match="scale"):
            generate({"name": "moons", "scale": bad})
