# kind: correct
# why: Loads the state_dict (strict) first, then setattr(model, 'fc', nn.Linear(in, num_classes)) built from the old head's weight shape, on the old head's device and dtype; nothing frozen, returns the same model.
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.load_state_dict(weights)
    old = model.fc
    in_features = old.weight.shape[1]
    head = nn.Linear(in_features, num_classes, bias=True, device=old.weight.device, dtype=old.weight.dtype)
    setattr(model, "fc", head)
    return model
