/// <reference types="vite/client" />

declare module 'virtual:report.css';
