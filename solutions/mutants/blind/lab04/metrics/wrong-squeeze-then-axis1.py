# kind: wrong
# why: squeezes the logits before argmax(axis=1): with a single example (N = 1) the array becomes 1-D and argmax(axis=1) crashes; passes the visible tests
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    logits = np.squeeze(logits)
    predictions = logits.argmax(axis=1)
    return {"accuracy": float((predictions == np.squeeze(labels)).mean())}
