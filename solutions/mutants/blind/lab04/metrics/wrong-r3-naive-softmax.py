# kind: wrong
# why: Applies an unstabilised softmax (np.exp without subtracting the max) before argmax; large logits overflow to inf/nan and argmax picks the wrong class; violates "A classe prevista é a de maior logit em cada linha".
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # softmax: probabilidades
    preds = probs.argmax(axis=1)
    return {"accuracy": float((preds == labels).sum() / len(labels))}
