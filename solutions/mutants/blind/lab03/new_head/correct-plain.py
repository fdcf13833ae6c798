# kind: correct
# why: loads the full pretrained state_dict (params and BN buffers) first, then swaps fc for a fresh trainable nn.Linear(in_features, num_classes) with bias; returns the same model
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.load_state_dict(weights)
    in_features = model.fc.in_features
    model.fc = nn.Linear(in_features, num_classes, bias=True)
    return model
