# kind: wrong
# why: loads the 1000-class model and builds the new classifier from its first num_labels rows, so the head is not new/random; passes the visible tests
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    model = ViTForImageClassification.from_pretrained(checkpoint)
    old = model.classifier
    head = torch.nn.Linear(old.in_features, len(id2label))
    with torch.no_grad():
        head.weight.copy_(old.weight[: len(id2label)])
        head.bias.copy_(old.bias[: len(id2label)])
    model.classifier = head
    model.config.id2label = dict(id2label)
    model.config.label2id = dict(label2id)
    model.num_labels = len(id2label)
    return model
