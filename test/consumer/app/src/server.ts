import express from 'express';
import { healthRouter } from './routes/health.js';
import { postsRouter } from './routes/posts.js';
import { usersRouter } from './routes/users.js';

const app = express();
app.use('/health', healthRouter);
app.use('/posts', postsRouter);
app.use('/users', usersRouter);
app.listen(3000);
