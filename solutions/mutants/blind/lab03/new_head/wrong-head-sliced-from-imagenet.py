# kind: wrong
# why: the "new" head is initialised with the first num_classes rows of the pretrained ImageNet fc instead of random weights (not a new head); passes the visible tests
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.load_state_dict(weights)
    head = nn.Linear(model.fc.in_features, num_classes)
    with torch.no_grad():  # aproveita as primeiras classes do ImageNet como ponto de partida
        head.weight.copy_(weights["fc.weight"][:num_classes])
        head.bias.copy_(weights["fc.bias"][:num_classes])
    model.fc = head
    return model
