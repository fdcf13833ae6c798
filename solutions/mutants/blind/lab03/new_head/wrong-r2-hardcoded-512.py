# kind: wrong
# why: Builds the new head as nn.Linear(512, num_classes), the ResNet-18 width, so a ResNet-50 (2048 features) breaks; violates 'recebe o mesmo número de features que a antiga (model.fc.in_features)' and 'outras larguras de features'.
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
