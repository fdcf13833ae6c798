# kind: correct
# why: Replaces the head first and then loads every pretrained tensor except fc.* with strict=False, checking that nothing but the head is missing/unexpected; the body (params and BN buffers) ends up identical to the strict load, the head is fresh.
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    body = {name: tensor for name, tensor in weights.items() if not name.startswith("fc.")}
    result = model.load_state_dict(body, strict=False)
    missing = [k for k in result.missing_keys if not k.startswith("fc.")]
    if missing or result.unexpected_keys:
        raise RuntimeError(f"pesos incompatíveis: faltam {missing}, sobram {result.unexpected_keys}")
    return model
