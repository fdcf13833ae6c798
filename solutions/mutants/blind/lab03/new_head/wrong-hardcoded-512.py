# kind: wrong
# why: new head hard-codes 512 input features (only right for resnet18/34, breaks resnet50 with 2048); passes the visible tests
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    model.load_state_dict(weights)
    model.fc = nn.Linear(512, num_classes)
    return model
