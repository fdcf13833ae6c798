# kind: correct
# why: PyTorch version: argmax(dim=1) of the logits tensor, counts the hits with eq().sum() and divides by N in Python (exact float)
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    logits, labels = eval_pred
    logits_t = torch.as_tensor(np.asarray(logits))
    labels_t = torch.as_tensor(np.asarray(labels)).reshape(-1).long()
    if logits_t.ndim == 1:  # um único exemplo, sem a dimensão do lote
        logits_t = logits_t.unsqueeze(0)
    hits = int(logits_t.argmax(dim=1).eq(labels_t).sum().item())
    return {"accuracy": hits / len(labels_t)}
