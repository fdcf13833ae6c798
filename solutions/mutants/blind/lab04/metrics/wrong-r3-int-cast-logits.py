# kind: wrong
# why: Casts logits to int before argmax, truncating them, so logits like 0.2 vs 0.7 tie at 0 and the wrong class can win; violates "A classe prevista é a de maior logit em cada linha".
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    preds = torch.tensor(logits).int().argmax(dim=-1)  # mesmo tipo dos rótulos
    return {"accuracy": float((preds == torch.tensor(labels)).float().mean())}
