import pytest
import torch

from course_utils.checks import (check_close, check_device, check_dtype, check_equal, check_shape,
                                 check_type, rel_error)


def test_passing_checks_are_silent():
    t = torch.arange(6.0).reshape(2, 3)
    check_shape(t, (2, 3))
    check_dtype(t, torch.float32)
    check_device(t, "cpu")
    check_close(t + 1e-7, t)
    check_equal(t.long(), [[0, 1, 2], [3, 4, 5]])
    check_equal("a", "a")
    check_type(t, torch.Tensor)


@pytest.mark.parametrize("call, expected", [
    (lambda: check_shape(torch.zeros(2, 3), (3, 2), "X"), r"X: shape incorreto\. Esperado: \(3, 2\); obtido: \(2, 3\)"),
    (lambda: check_dtype(torch.zeros(1), torch.uint8, "X"), r"Esperado: torch\.uint8; obtido: torch\.float32"),
    (lambda: check_device(torch.zeros(1), "meta", "Y"), r"Y: device incorreto\. Esperado: meta; obtido: cpu"),
    (lambda: check_equal(torch.tensor([1, 2]), torch.tensor([1, 3]), "Y"), r"Esperado: \[1, 3\]; obtido: \[1, 2\]"),
    (lambda: check_equal(3, 4, "n"), r"n: valor incorreto\. Esperado: 4; obtido: 3"),
    (lambda: check_type([1], torch.Tensor, "v"), r"Esperado: Tensor; obtido: list"),
    (lambda: check_shape([1, 2], (2,), "v"), r"esperava um torch\.Tensor, mas veio list"),
])
def test_failures_say_what_was_expected_in_portuguese(call, expected):
    with pytest.raises(AssertionError, match=expected):
        call()


def test_check_close_reports_position_and_tolerance():
    a = torch.zeros(2, 2)
    b = a.clone()
    b[1, 0] = 0.5
    with pytest.raises(AssertionError, match=r"1 de 4 posições.*Primeira posição \[1, 0\]: esperado 0\.5, obtido 0"):
        check_close(a, b, "Z", atol=1e-3)
    check_close(a, b, "Z", atol=0.6)  # within tolerance


def test_meta_tensors_have_no_values_to_compare():
    with pytest.raises(AssertionError, match="meta"):
        check_equal(torch.zeros(2, device="meta"), torch.zeros(2))
    with pytest.raises(AssertionError, match="meta"):
        check_close(torch.zeros(2, device="meta"), torch.zeros(2))


def test_hint_is_appended():
    with pytest.raises(AssertionError, match="Dica: use torch.stack"):
        check_shape(torch.zeros(4), (2, 2), "X", hint="use torch.stack")


def test_rel_error():
    assert rel_error(torch.ones(3), torch.ones(3)) == 0
    assert rel_error(torch.tensor([1.0]), torch.tensor([3.0])) == pytest.approx(0.5)


def test_check_equal_fails_on_a_dtype_mismatch_with_an_expected_tensor():
    # Same values, different dtype: an int answer where floats are expected (or back) must not pass.
    with pytest.raises(AssertionError, match=r"y: dtype incorreto\. Esperado: torch\.float32; obtido: torch\.int64"):
        check_equal(torch.tensor([1, 0]), torch.tensor([1.0, 0.0]), "y")
    with pytest.raises(AssertionError, match=r"Esperado: torch\.int64; obtido: torch\.float32"):
        check_equal(torch.tensor(7.0), torch.tensor(7), "x")
    with pytest.raises(AssertionError, match=r"Esperado: torch\.int64; obtido: torch\.int32"):
        check_equal(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1, 2]), "x")
    with pytest.raises(AssertionError, match=r"Esperado: torch\.bool; obtido: torch\.uint8"):
        check_equal(torch.tensor([1, 0], dtype=torch.uint8), torch.tensor([True, False]), "m")
    check_equal(torch.tensor([1.0, 0.0]), torch.tensor([1.0, 0.0]), "y")  # same dtype, same values


def test_check_equal_with_a_python_expected_value_checks_the_kind_of_dtype():
    check_equal(torch.tensor([1, 2], dtype=torch.int32), [1, 2])  # any integer dtype
    check_equal(torch.tensor([1.0, 2.0], dtype=torch.float64), [1.0, 2.0])
    with pytest.raises(AssertionError, match=r"dtype incorreto\. Esperado: um dtype inteiro; obtido: torch\.float32"):
        check_equal(torch.tensor([1.0, 2.0]), [1, 2], "v")
    with pytest.raises(AssertionError, match=r"Esperado: um dtype ponto flutuante; obtido: torch\.int64"):
        check_equal(torch.tensor([1, 2]), [1.0, 2.0], "v")
    with pytest.raises(AssertionError, match=r"Esperado: um dtype bool"):
        check_equal(torch.tensor(1), True, "b")


def test_check_equal_checks_shape_before_dtype():
    with pytest.raises(AssertionError, match=r"shape incorreto"):
        check_equal(torch.tensor([1, 2]), torch.tensor([[1.0, 2.0]]), "v")
