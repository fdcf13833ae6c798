# kind: correct
# why: loads weights minus the old head (strict=False, checking that only fc keys are missing), builds the new Linear on the old head's device/dtype via setattr; all params stay trainable; returns the given model
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    # o corpo: tudo do state_dict que não é da cabeça antiga
    body = {k: v for k, v in weights.items() if not k.startswith("fc.")}
    result = model.load_state_dict(body, strict=False)
    leftover = [k for k in result.missing_keys if not k.startswith("fc.") and not k.endswith("num_batches_tracked")]
    if leftover or result.unexpected_keys:
        raise KeyError(f"pesos incompatíveis: faltam {leftover}, sobram {result.unexpected_keys}")
    old = model.fc
    head = nn.Linear(old.in_features, num_classes, bias=True,
                     device=old.weight.device, dtype=old.weight.dtype)
    setattr(model, "fc", head)
    for p in model.parameters():  # nada congelado
        p.requires_grad_(True)
    return model
