# kind: shortcut
# why: Computes the accuracy with torchmetrics' functional multiclass_accuracy under an alias; violates "Outras bibliotecas de métricas (como torchmetrics) também não valem".
def compute_metrics(eval_pred) -> dict:
    """Acurácia a partir do que o Trainer junta na avaliação.

    eval_pred se desempacota em (logits, labels): logits é um array NumPy
    (N, número de classes) e labels um array (N,) de índices. Devolve
    {"accuracy": fração de acertos, um float entre 0 e 1}.
    """
    from torchmetrics.functional.classification import multiclass_accuracy as acc_fn
    logits, labels = eval_pred
    value = acc_fn(torch.as_tensor(logits), torch.as_tensor(labels).long(),
                   num_classes=logits.shape[-1], average="micro")
    return {"accuracy": float(value)}
