# kind: wrong
# why: freezes the whole pretrained body while swapping the head (new_head must freeze nothing); passes the visible tests
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.load_state_dict(weights)
    for p in model.parameters():
        p.requires_grad = False  # o corpo pré-treinado fica protegido
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model
