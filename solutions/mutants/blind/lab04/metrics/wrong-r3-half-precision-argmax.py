# kind: wrong
# why: Casts the logits to float16 before argmax; close logits (e.g. 1000.1 vs 1000.2) round to the same value and the first index wins; violates "A classe prevista é a de maior logit em cada linha".
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    preds = torch.from_numpy(np.asarray(logits)).half().argmax(dim=1).numpy()  # metade da memória
    return {"accuracy": float((preds == labels).mean())}
