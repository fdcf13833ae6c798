# kind: correct
# why: unpacks (logits, labels), argmax over axis -1 (per row), mean of matches with NumPy, returned as a Python float
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    predictions = np.argmax(np.asarray(logits), axis=-1)
    accuracy = (predictions == np.asarray(labels).reshape(-1)).mean()
    return {"accuracy": float(accuracy)}
