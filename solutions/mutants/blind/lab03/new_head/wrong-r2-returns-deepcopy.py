# kind: wrong
# why: Works on copy.deepcopy(model) so the caller's model is left untouched and a different object is returned; violates 'Devolve o próprio model'.
def new_head(model, weights, num_classes):
    """Prepara uma ResNet pré-treinada para uma nova tarefa de num_classes classes.

    1. Carrega os pesos pré-treinados `weights` (um state_dict) em `model`.
    2. Troca a última camada, model.fc, por uma nn.Linear nova (com bias), que recebe
       o mesmo número de features que a antiga (model.fc.in_features) e devolve
       num_classes logits.
    Todas as outras camadas ficam com os pesos pré-treinados. Devolve o próprio model.
    """
    new_model = copy.deepcopy(model)
    new_model.load_state_dict(weights)
    new_model.fc = nn.Linear(new_model.fc.in_features, num_classes)
    return new_model
