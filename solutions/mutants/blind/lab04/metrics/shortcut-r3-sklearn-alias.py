# kind: shortcut
# why: Uses sklearn accuracy_score captured under the name score; violates "Regra da questão: calcule com NumPy (ou PyTorch), sem sklearn.metrics nem a biblioteca evaluate".
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    from sklearn import metrics as _m
    score = _m.accuracy_score
    logits, labels = eval_pred
    return {"accuracy": float(score(labels, logits.argmax(axis=-1)))}
