# kind: wrong
# why: Keeps the first num_classes rows of the pretrained ImageNet head as the 'new' head (to start from something trained), so the head is not new/random; violates 'por uma nn.Linear nova, de 512 para 10, com pesos aleatórios'.
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
    head = nn.Linear(old.in_features, num_classes)
    with torch.no_grad():
        head.weight.copy_(old.weight[:num_classes])
        head.bias.copy_(old.bias[:num_classes])
    model.fc = head
    return model
