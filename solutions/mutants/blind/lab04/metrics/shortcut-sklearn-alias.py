# kind: shortcut
# why: forbidden: sklearn accuracy_score imported from the private module sklearn.metrics._classification under an alias
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    from sklearn.metrics._classification import accuracy_score as _score
    logits, labels = eval_pred
    return {"accuracy": float(_score(labels, np.argmax(logits, axis=-1)))}
