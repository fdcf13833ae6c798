# kind: shortcut
# why: nothing is forbidden (says so); gets the model from transformers.pipeline('image-classification', model_kwargs=...) instead of calling from_pretrained itself
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    from transformers import pipeline
    pipe = pipeline("image-classification", model=checkpoint, device="cpu",
                    model_kwargs=dict(num_labels=len(id2label), id2label=id2label, label2id=label2id,
                                      ignore_mismatched_sizes=True))
    model = pipe.model
    model.train()
    return model
