# kind: wrong
# why: casts predictions and labels to uint8 to save memory: class indices above 255 wrap around (e.g. 1000 ImageNet classes), giving false hits; passes the visible tests (<= 10 classes)
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    predictions = np.argmax(logits, axis=-1).astype(np.uint8)
    labels = np.asarray(labels).astype(np.uint8)
    return {"accuracy": float(np.sum(predictions == labels) / len(labels))}
