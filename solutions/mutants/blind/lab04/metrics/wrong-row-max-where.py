# kind: wrong
# why: finds the predicted class with np.where(logits == row max): with ties a row yields several indices and predictions misalign with labels (or shape error); passes the visible tests (no ties)
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    rows, predictions = np.where(logits == logits.max(axis=1, keepdims=True))
    return {"accuracy": float(np.mean(predictions == labels))}
