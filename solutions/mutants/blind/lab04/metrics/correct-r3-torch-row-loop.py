# kind: correct
# why: Loops over rows with torch.argmax per example, counting hits, and divides by N (true division) to give a float in [0, 1]; only PyTorch used.
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    scores = torch.as_tensor(np.asarray(logits))
    targets = torch.as_tensor(np.asarray(labels)).long()
    hits = 0
    for row, target in zip(scores, targets):
        hits += int(torch.argmax(row).item() == target.item())
    return {"accuracy": hits / len(targets)}
